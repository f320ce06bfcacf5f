import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout, SHA-1 of the parts) derived from what caused an event, so that a
 * process manager handling the same event again produces the same event ids and its
 * re-append is a no-op.
 */
export function deterministicEventId(...parts: (string | number)[]): string {
  const bytes = createHash('sha1').update(parts.join('\u001f')).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
