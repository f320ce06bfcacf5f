export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.round(value).toLocaleString('en-US');
}

/** A text bar of `width` cells for value / max. */
export function bar(value: number, max: number, width: number): string {
  const cells = max > 0 ? Math.max(0, Math.min(width, Math.round((value / max) * width))) : 0;
  return '█'.repeat(cells) + '░'.repeat(width - cells);
}

export function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const rule = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
