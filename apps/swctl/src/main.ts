#!/usr/bin/env node
/**
 * swctl — the Single Window command line (DESIGN.md, Layout): dev tokens, the demo load, the
 * audit of a shipment (history, as-of state, hash chain verification), projections (list,
 * rebuild), reference data (import a code list's new version, export one). `node dist/apps/swctl/src/main.js <command> …` (npm run swctl -- …).
 * Exit codes: 0 ok, 1 failure, 2 usage error (with the usage on stderr).
 */
import { CliError, parseArgs, UsageError } from './args';
import type { Command } from './command';
import { auditHistoryCommand, auditStateCommand, auditVerifyCommand, verifyAliasCommand } from './commands/audit';
import { demoCommand } from './commands/demo';
import { commandHelp, helpCommand, overview } from './commands/help';
import { projectionsListCommand, projectionsRebuildCommand } from './commands/projections';
import { referenceExportCommand, referenceImportCommand } from './commands/reference';
import { tokenCommand } from './commands/token';
import { Output, type Stream } from './output';

/** Every command; a two-word name (`audit history`) makes a group of its first word. */
export const COMMANDS: readonly Command[] = [
  tokenCommand, demoCommand,
  auditHistoryCommand, auditStateCommand, auditVerifyCommand,
  projectionsListCommand, projectionsRebuildCommand,
  referenceImportCommand, referenceExportCommand,
  verifyAliasCommand,
];
const help = helpCommand(() => COMMANDS);

export interface Io {
  stdout: Stream;
  stderr: Stream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
  const out = new Output(io.stdout, io.stderr, argv.includes('--json'), io.env);
  let command: Command | undefined;
  try {
    const found = findCommand(argv);
    command = found.command;
    const args = parseArgs(argv.slice(found.words), command.options, command.name);
    if (args.options.help) {
      out.line(command === help ? overview(COMMANDS) : commandHelp(command));
      return 0;
    }
    return await command.run(args, { out, env: io.env, cwd: io.cwd });
  } catch (error) {
    if (error instanceof UsageError) {
      if (out.json) out.printJson({ error: { kind: 'usage', message: error.message } });
      out.error(error.message);
      const known = command ?? COMMANDS.find((c) => c.name === error.command);
      out.note('');
      out.note(known && known !== help ? commandHelp(known) : overview(COMMANDS));
      return 2;
    }
    if (error instanceof CliError) {
      if (out.json) out.printJson({ error: { kind: 'failure', message: error.message, ...(error.details ?? {}) } });
      out.error(error.message);
      return 1;
    }
    if (out.json) out.printJson({ error: { kind: 'internal', message: (error as Error)?.message ?? String(error) } });
    out.error(`unexpected failure: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}

/** The command named by the first words of argv: the longest name first (`audit history` before `audit`). */
function findCommand(argv: readonly string[]): { command: Command; words: number } {
  const [first, second] = argv;
  if (first === undefined) throw new UsageError('which command?');
  if (first === '--help' || first === '-h') return { command: help, words: 0 };
  if (first === 'help') return { command: help, words: 1 };
  const all = [...COMMANDS, help];
  if (second !== undefined) {
    const two = all.find((c) => c.name === `${first} ${second}`);
    if (two) return { command: two, words: 2 };
  }
  const one = all.find((c) => c.name === first);
  if (one) return { command: one, words: 1 };
  const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
  if (group.length) {
    throw new UsageError(`${first} what? ${group.map((c) => `\`${c.name}\``).join(', ')}${second && !second.startsWith('-') ? ` (not "${second}")` : ''}`);
  }
  if (first.startsWith('-')) throw new UsageError(`a command comes first, then its options (got ${first})`);
  throw new UsageError(`unknown command "${first}": the commands are ${[...COMMANDS.map((c) => c.name), 'help'].join(', ')}`);
}

/** Exit once stdout and stderr have taken everything written (pipes may be asynchronous). */
function exit(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exit, (error) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    exit(1);
  });
}
