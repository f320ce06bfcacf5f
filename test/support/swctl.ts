import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The built CLI the swctl tests run (`npm run build` makes it; npm test builds first). */
export const SWCTL_CLI = path.resolve(__dirname, '../../dist/apps/swctl/src/main.js');

export interface SwctlRun { code: number; stdout: string; stderr: string }

/**
 * Runs the built swctl as an operator would, in a process of its own: the test's environment
 * without the variables in `unset` (so the CLI sees only what the test gives it), NO_COLOR, then
 * `env`. Resolves with the exit code and both outputs; never rejects (a non-zero exit is a result).
 */
export function runSwctl(args: string[], options: { unset?: string[]; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<SwctlRun> {
  if (!existsSync(SWCTL_CLI)) throw new Error(`${SWCTL_CLI} is missing: run \`npm run build\` first (npm test does)`);
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of options.unset ?? []) delete base[name];
  const env = { ...base, NO_COLOR: '1', ...options.env };
  return new Promise((resolve) => {
    execFile(process.execPath, [SWCTL_CLI, ...args], { env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
