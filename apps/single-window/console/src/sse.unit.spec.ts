import { eventStreamParser } from './sse';

describe('the console’s event-stream parser', () => {
  it('returns events as their blank line arrives, across chunk boundaries', () => {
    const parse = eventStreamParser();
    expect(parse('event: status\nid: 3\nda')).toEqual([]);
    expect(parse('ta: {"status":"examination"}\n\nevent: ping\ndata: {}\n')).toEqual([{ event: 'status', id: '3', data: '{"status":"examination"}' }]);
    expect(parse('\n')).toEqual([{ event: 'ping', data: '{}', id: undefined }]);
  });

  it('joins multi-line data, skips comments, defaults the event name', () => {
    const parse = eventStreamParser();
    expect(parse(': keep-alive\r\n\r\ndata: a\r\ndata: b\r\n\r\n')).toEqual([{ event: 'message', data: 'a\nb', id: undefined }]);
  });
});
