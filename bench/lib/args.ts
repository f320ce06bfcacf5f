/** Command-line options of `npm run bench -- [flags]`. */
export interface BenchArgs {
  /** Short rounds: the whole bench well under a minute. */
  quick: boolean;
  /** Overrides of the mode's defaults (mostly for experiments). */
  rounds?: number;
  roundSeconds?: number;
  warmupSeconds?: number;
  concurrency?: number;
  /** Only these benchmark sections (default: all). */
  only?: string[];
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--rounds=N] [--seconds=S] [--warmup=S] [--concurrency=N] [--only=append,...]

  --quick          short rounds (the whole bench in well under a minute)
  (default)        full run: longer rounds (a few minutes)
  --rounds=N       alternating ours/baseline rounds (default 3 quick, 9 full)
  --seconds=S      length of one measured phase (default 1.5 quick, 5 full)
  --warmup=S       warm-up per variant before the rounds (default 1 quick, 3 full)
  --concurrency=N  concurrent writers, and the pool size of both clients (default 8)
  --only=a,b       run only these sections

  BENCH_DATABASE_URL=postgres://...  use this server instead of an embedded PostgreSQL
                                     (the bench creates and drops a database of its own on it)`;

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { quick: false, help: false };
  for (const arg of argv) {
    const [flag, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const number = (): number => {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number: ${arg}`);
      return n;
    };
    switch (flag) {
      case '--quick': args.quick = true; break;
      case '--full': args.quick = false; break;
      case '--rounds': args.rounds = Math.round(number()); break;
      case '--seconds': args.roundSeconds = number(); break;
      case '--warmup': args.warmupSeconds = number(); break;
      case '--concurrency': args.concurrency = Math.round(number()); break;
      case '--only': args.only = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean); break;
      case '-h': case '--help': args.help = true; break;
      default: throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return args;
}
