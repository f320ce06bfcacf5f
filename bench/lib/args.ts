/** Command-line options of `npm run bench -- [flags]`. */
export interface BenchArgs {
  /** Short runs: the whole bench in about 4 minutes. */
  quick: boolean;
  /** Overrides of the mode's defaults (mostly for experiments). */
  rounds?: number;
  roundSeconds?: number;
  warmupSeconds?: number;
  concurrency?: number;
  /** e2e: measured seconds, warm-up seconds, clients, drain limit; store sizes of the pipeline. */
  e2eSeconds?: number;
  e2eWarmupSeconds?: number;
  e2eConcurrency?: number;
  drainSeconds?: number;
  sizes?: string[];
  /** Offered rates (declarations/s) of the open-loop sweep; [] = none. */
  sweep?: number[];
  /** false: no overload scenario (--overload=off). */
  overload?: boolean;
  /** Load pg_stat_statements and run the server with --cpu-prof: where the e2e time goes. */
  profile: boolean;
  /** e2e: another build (a checkout with dist built) measured against this one, alternating; and its rounds. */
  baseline?: string;
  baselineRounds?: number;
  /** Only these benchmark sections (default: all). */
  only?: string[];
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--rounds=N] [--seconds=S] [--warmup=S] [--concurrency=N] [--only=append,...]

  --quick          short runs (the whole bench in about 4 minutes; the pipeline at 10k events only)
  (default)        full run: longer rounds and windows, the pipeline at 10k and 1M events (about 15 minutes)
  --rounds=N       append, peer: alternating rounds (default 3 quick; 9 append, 7 peer full)
  --seconds=S      append, peer: length of one measured phase (default 1.5 quick, 5 full)
  --warmup=S       append, peer: warm-up per variant before the rounds (default 1 quick, 3 full)
  --concurrency=N  append, peer: concurrent writers, and the pool size of both clients (default 8)
  --e2e-seconds=S  e2e: measured window (default 6 quick, 20 full)
  --e2e-warmup=S   e2e: warm-up before the window, discarded (default 3 quick, 5 full)
  --e2e-concurrency=N  e2e: concurrent HTTP clients of the load generator (default 8)
  --drain=S        e2e: longest wait after the window for the run's declarations to be released (default 15 quick, 60 full)
  --sizes=10k,1M   pipeline: store sizes (10k, 100k, 1M; default 10k quick, 10k,1M full)
  --sweep=25,50    e2e: open-loop runs at these offered rates (declarations/s), lowest first, stopping at the
                   first the pipeline cannot keep up with (default 10,30,80,150,200,250,300,450,600,750,900,1050 full, 150,200,250,300,450,600,750,900 quick; --sweep=off)
  --overload=off   e2e: skip the overload scenario (2× the sustained rate against admission control)
  --profile        load pg_stat_statements and run the server with --cpu-prof: statements and hot
                   functions per declaration in the e2e chapter (a little overhead on every figure)
  --baseline=DIR   e2e: also run the closed loop with the server of another checkout (DIR, its dist built, e.g. a
                   git worktree of the commit before a change) and with this build's, alternating, each on a fresh
                   database: what the change moved, in the same run
  --baseline-rounds=N  rounds of that comparison (default 2 quick, 3 full)
  --only=a,b       run only these sections (append, peer, e2e; e2e runs replay, rebuild, scaling too)

  BENCH_KEEP_PROFILE=1               with --profile: keep the .cpuprofile files (their folder is printed)
  BENCH_DATABASE_URL=postgres://...  use this server instead of an embedded PostgreSQL
                                     (the bench creates and drops a database of its own on it)`;

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { quick: false, help: false, profile: false };
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
      case '--e2e-seconds': args.e2eSeconds = number(); break;
      case '--e2e-warmup': args.e2eWarmupSeconds = number(); break;
      case '--e2e-concurrency': args.e2eConcurrency = Math.round(number()); break;
      case '--drain': args.drainSeconds = number(); break;
      case '--sizes': args.sizes = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--profile': args.profile = true; break;
      case '--baseline':
        if (!value) throw new Error(`--baseline needs a directory: ${arg}`);
        args.baseline = value;
        break;
      case '--baseline-rounds': args.baselineRounds = Math.round(number()); break;
      case '--sweep':
        args.sweep = value === 'off' ? [] : (value ?? '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0);
        break;
      case '--overload': args.overload = value !== 'off'; break;
      case '--only': args.only = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean); break;
      case '-h': case '--help': args.help = true; break;
      default: throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  return args;
}
