/**
 * The client's message path (报关单报文, issue 26) next to JSON's, per declaration, in process:
 * what a request costs before the command runs (read, map, validate against seeds/reference)
 * and what exporting it back costs. No database: the commands after validation are the same
 * for both paths, and the pipeline bench (bench/pipeline.ts) measures them.
 *
 * `node dist/bench/dec-message.js [iterations]` prints the table; `npm run bench` includes it.
 */
import { bodyFromMessage, exportDecMessage, readDecMessage, validatedDeclaration } from '@sw/declaration';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Benchmark } from './lib/benchmark';
import { table } from './lib/markdown';

const root = path.resolve(__dirname, '..', '..');

interface PathCost { path: string; bytes: number; medianMicros: number; p90Micros: number; perSecond: number }

async function measure(name: string, bytes: number, iterations: number, run: () => Promise<unknown>): Promise<PathCost> {
  for (let i = 0; i < Math.min(200, iterations); i++) await run(); // warm up (JIT, reference data loaded)
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    times.push((performance.now() - started) * 1000);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  return { path: name, bytes, medianMicros: Math.round(median), p90Micros: Math.round(times[Math.floor(times.length * 0.9)]), perSecond: Math.round(1e6 / median) };
}

export async function decMessageCosts(iterations = 2000): Promise<PathCost[]> {
  const xml = readFileSync(path.join(root, 'test/fixtures/dec-message/import-general-trade.xml'));
  const { message } = readDecMessage(xml);
  const full = await validatedDeclaration(bodyFromMessage(message));
  const { message: _message, ...core } = full;
  const jsonCore = JSON.stringify(core);
  const jsonFull = JSON.stringify(full);
  return [
    await measure('JSON, the engine\'s fields only (parse + validate)', Buffer.byteLength(jsonCore), iterations, () => validatedDeclaration(JSON.parse(jsonCore))),
    await measure('JSON with `message`, every element (parse + validate)', Buffer.byteLength(jsonFull), iterations, () => validatedDeclaration(JSON.parse(jsonFull))),
    await measure('XML DecMessage (read + map + validate)', xml.length, iterations, () => validatedDeclaration(bodyFromMessage(readDecMessage(xml).message))),
    await measure('XML export (GET as DecMessage)', xml.length, iterations, async () => exportDecMessage(full)),
  ];
}

function markdown(costs: PathCost[]): string {
  return [
    '## The client\'s message (报关单报文) next to JSON',
    '',
    'Per declaration (the two-line import of test/fixtures/dec-message/import-general-trade.xml), in process, before the command runs: the same checks against seeds/reference on both paths.',
    '',
    table(['path', 'bytes', 'median µs', 'p90 µs', 'per second (one core)'], costs.map((c) => [c.path, String(c.bytes), String(c.medianMicros), String(c.p90Micros), String(c.perSecond)])),
    '',
  ].join('\n');
}

export const decMessageBenchmark: Benchmark<PathCost[], { iterations: number }> = {
  key: 'decMessage',
  title: 'DecMessage (XML) path next to JSON',
  async run(context) {
    const iterations = context.quick ? 300 : 2000;
    const costs = await decMessageCosts(iterations);
    return {
      section: costs, settings: { iterations }, markdown: markdown(costs),
      summary: costs.map((c) => `decMessage: ${c.path}: median ${c.medianMicros} µs (${c.bytes} bytes)`),
    };
  },
};

if (require.main === module) {
  void decMessageCosts(Number(process.argv[2] ?? 2000)).then((costs) => process.stdout.write(`${markdown(costs)}\n`));
}
