import { bar, checkpointJws } from './verify-against';

describe('verify --against', () => {
  it('draws a progress bar', () => {
    expect(bar(0, 1000, 10)).toBe('[░░░░░░░░░░]   0%');
    expect(bar(450, 1000, 10)).toBe('[█████░░░░░]  45%');
    expect(bar(1000, 1000, 10)).toBe('[██████████] 100%');
    expect(bar(5, 0, 4)).toBe('[████] 100%');
  });

  it('reads the JWS of a checkpoint file: the API object, a list page, or the JWS itself', () => {
    const jws = 'eyJhbGciOiJFZERTQSJ9.eyJldmVudHMiOjF9.c2ln';
    expect(checkpointJws(JSON.stringify({ position: '1/1', jws }), 'f')).toBe(jws);
    expect(checkpointJws(JSON.stringify({ items: [{ jws }] }), 'f')).toBe(jws);
    expect(checkpointJws(`${jws}\n`, 'f')).toBe(jws);
    expect(() => checkpointJws('{"position":"1/1"}', 'f')).toThrow(/holds no "jws"/);
    expect(() => checkpointJws('not json', 'f')).toThrow(/neither JSON nor a compact JWS/);
  });
});
