import { SetMetadata } from '@nestjs/common';

export const EVENT_SUBSCRIBER = Symbol('EVENT_SUBSCRIBER');

/** Marks a provider implementing Subscriber; the server's subscription host runs every one it finds. */
export const EventSubscriber = (): ClassDecorator => SetMetadata(EVENT_SUBSCRIBER, true);
