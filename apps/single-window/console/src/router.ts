import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/officer/cases/…`): the server serves one page and needs no fallback route,
 * and a reload keeps the page. Routes carry ids, never the token.
 */
export function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
  const [parts, setParts] = useState(read);
  useEffect(() => {
    const changed = () => setParts(read());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return parts;
}

export function href(...parts: string[]): string {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

export function navigate(...parts: string[]): void {
  location.hash = href(...parts).slice(1);
}
