/** What a server-sent events stream has pushed so far, of one event name; close() ends it. */
export interface EventStreamListener<T> {
  events: T[];
  close(): Promise<void>;
}

/**
 * Opens `url` (a `text/event-stream` route of the API) with a bearer token, checks that it
 * answers 200 as an event stream, and collects the JSON data of every `event: <name>` block it
 * pushes, as a console listening to it would.
 */
export async function listenToEvents<T = Record<string, any>>(url: string, token: string, name: string): Promise<EventStreamListener<T>> {
  const events: T[] = [];
  const controller = new AbortController();
  const stream = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  expect(stream.status).toBe(200);
  expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
  const marker = new RegExp(`^event: ${name}$`, 'm');
  const reading = (async () => {
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += value;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks) if (marker.test(block)) events.push(JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as T);
    }
  })();
  return { events, close: async () => { controller.abort(); await reading; } };
}
