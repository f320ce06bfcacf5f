/** One server-sent event (text/event-stream), as the server framed it. */
export interface ServerSentEvent { event: string; data: string; id?: string }

/**
 * An incremental parser of a text/event-stream body: feed it chunks as they arrive, it returns
 * the events completed so far. EventSource cannot send an Authorization header, so the console
 * reads the stream with fetch and parses it here.
 */
export function eventStreamParser(): (chunk: string) => ServerSentEvent[] {
  let buffer = '';
  return (chunk) => {
    buffer += chunk;
    const events: ServerSentEvent[] = [];
    const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split(/\r\n|\n|\r/)) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') id = value;
      }
      if (data.length) events.push({ event, data: data.join('\n'), id });
    }
    return events;
  };
}
