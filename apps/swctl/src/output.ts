/**
 * What swctl writes: results on stdout (text, or JSON with --json), messages and progress on
 * stderr. ANSI colours only when stdout is a terminal (and NO_COLOR is unset); the progress line
 * only when stderr is a terminal and the output is not JSON.
 */

export interface Stream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

const ANSI = /\x1b\[[0-9;]*m/g;

export class Output {
  readonly color: boolean;
  /** Colours for the messages on stderr. */
  private readonly errorColor: boolean;
  readonly interactive: boolean;

  constructor(
    readonly stdout: Stream = process.stdout,
    readonly stderr: Stream = process.stderr,
    readonly json = false,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
    const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
    this.color = !json && !noColor && (force || stdout.isTTY === true);
    this.errorColor = !noColor && (force || stderr.isTTY === true);
    this.interactive = !json && stderr.isTTY === true;
  }

  private paint(code: string, text: string): string {
    return this.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
  green = (text: string) => this.paint('32', text);
  red = (text: string) => this.paint('31', text);
  yellow = (text: string) => this.paint('33', text);
  bold = (text: string) => this.paint('1', text);
  dim = (text: string) => this.paint('2', text);

  /** A line of the result (stdout). */
  line(text = ''): void {
    this.stdout.write(text + '\n');
  }

  /** The whole result as JSON (stdout). */
  printJson(value: unknown): void {
    this.stdout.write(JSON.stringify(value, null, 2) + '\n');
  }

  /** A message for the person at the terminal (stderr), never part of the result. */
  note(text: string): void {
    this.stderr.write(text + '\n');
  }

  warn(text: string): void {
    this.stderr.write(`${this.errorColor ? '\x1b[33mwarning:\x1b[0m' : 'warning:'} ${text}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${this.errorColor ? '\x1b[31merror:\x1b[0m' : 'error:'} ${text}\n`);
  }

  /** A table with a header row; cells may carry colour codes and wide (CJK) characters. */
  table(headers: string[], rows: string[][], align: ('left' | 'right')[] = []): string {
    const widths = headers.map((header, i) => Math.max(displayWidth(header), ...rows.map((row) => displayWidth(row[i] ?? ''))));
    const render = (cells: string[]) => cells
      .map((cell, i) => (i === cells.length - 1 && align[i] !== 'right' ? cell : pad(cell, widths[i], align[i] ?? 'left')))
      .join('  ')
      .trimEnd();
    return [this.bold(render(headers)), ...rows.map(render)].join('\n');
  }

  /** A progress line, redrawn in place on a terminal; a no-op otherwise. */
  progress(): Progress {
    return new Progress(this.interactive ? this.stderr : null);
  }
}

export class Progress {
  private last = 0;
  private shown = false;
  constructor(private readonly stream: Stream | null) {}

  /** Redraws at most ten times a second unless forced. */
  update(text: string, force = false): void {
    if (!this.stream) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    this.stream.write(`\r\x1b[2K${text}`);
  }

  done(): void {
    if (this.stream && this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

/** Columns a string takes in a terminal: ANSI codes take none, East Asian wide characters two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI, '')) {
    const code = char.codePointAt(0)!;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3)
    || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60)
    || (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x20000 && code <= 0x3fffd);
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** 1234567 → "1,234,567". */
export const count = (n: number) => n.toLocaleString('en-US');

/** Milliseconds as "850 ms", "2.3 s", "4 min 05 s". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}

/** A rate per second, e.g. "1,234/s". */
export function rate(n: number, ms: number): string {
  return ms <= 0 ? '—' : `${count(Math.round((n * 1000) / ms))}/s`;
}
