import type { OptionSpec, ParsedArgs } from './args';
import type { Output } from './output';

export interface CommandContext {
  out: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * One swctl command, in its own file under commands/. `name` may be two words for a group
 * (`audit history`, `projections rebuild`): main.ts matches the longest name first.
 */
export interface Command {
  name: string;
  /** `<role> [options]`: what follows the name in the usage line. */
  synopsis: string;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs after the usage line: what it does, where it connects, what it prints. */
  description: string;
  options: Record<string, OptionSpec>;
  examples?: string[];
  /** The exit code: 0 ok, 1 failure (throw UsageError for 2). */
  run(args: ParsedArgs, context: CommandContext): Promise<number>;
}
