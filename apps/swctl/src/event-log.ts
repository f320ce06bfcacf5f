// What `verify --against` uses: the event store's hashing and log reading only, loaded on use
// (libraries.ts would load the server's modules too, seconds of start-up for nothing here).
export { canonicalEventText, chainHash, eventsUpTo, MerkleFrontier } from '@sw/event-store';
