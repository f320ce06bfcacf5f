import { describeOptions, expectPositionals, UsageError, type ParsedArgs } from '../args';
import type { Command, CommandContext } from '../command';

const PROGRAM = 'swctl';

/** The overview: every command with its one-line summary. */
export function overview(commands: readonly Command[]): string {
  const rows = [...commands.map((c) => [c.name, c.summary]), ['help [command]', 'this help, or the help of a command']];
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    `${PROGRAM} — the Single Window command line`,
    '',
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...rows.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    'Every command takes --json (machine-readable output on stdout) and --help.',
    'Exit codes: 0 ok, 1 failure, 2 usage error.',
    '',
    `Run \`${PROGRAM} help <command>\` for its options. Usage of every command:`,
    '',
    ...commands.map((c) => `  ${PROGRAM} ${c.name} ${c.synopsis}`),
  ].join('\n');
}

/** One command's usage, description, options and examples. */
export function commandHelp(command: Command): string {
  return [
    `Usage: ${PROGRAM} ${command.name} ${command.synopsis}`,
    '',
    command.summary.charAt(0).toUpperCase() + command.summary.slice(1) + '.',
    '',
    command.description,
    '',
    'Options:',
    describeOptions(command.options),
    ...(command.examples?.length ? ['', 'Examples:', ...command.examples.map((e) => `  ${e}`)] : []),
  ].join('\n');
}

/** The command that prints the help (its list of commands is main.ts's). */
export function helpCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'help',
    synopsis: '[command]',
    summary: 'this help, or the help of a command',
    description: 'Prints the usage of every command, or of one.',
    options: {},
    async run(args: ParsedArgs, { out }: CommandContext): Promise<number> {
      expectPositionals(args, 2, 'help');
      const all = commands();
      if (args.positionals.length === 0) {
        if (out.json) out.printJson({ commands: all.map(describe) });
        else out.line(overview(all));
        return 0;
      }
      const name = args.positionals.join(' ');
      const command = all.find((c) => c.name === name) ?? all.find((c) => c.name === args.positionals[0]);
      if (!command) throw new UsageError(`no command "${name}": the commands are ${all.map((c) => c.name).join(', ')}`);
      if (out.json) out.printJson(describe(command));
      else out.line(commandHelp(command));
      return 0;
    },
  };
}

function describe(command: Command) {
  return {
    name: command.name,
    usage: `${PROGRAM} ${command.name} ${command.synopsis}`,
    summary: command.summary,
    options: Object.fromEntries(Object.entries(command.options).map(([name, o]) => [`--${name}`, { takes: o.kind === 'string' ? o.value ?? 'value' : null, description: o.description }])),
  };
}
