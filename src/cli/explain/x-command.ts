/**
 * `sextant x SUBCOMMAND`: experimental commands, as istioctl's `x`. Sub-commands are listed in
 * one table; today `explain`.
 */
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { explainCommand } from './command.ts';

export const X_SUBCOMMANDS: Command[] = [explainCommand];

function usage(): string {
  return ['sextant x SUBCOMMAND [options]', '', 'Sub-commands:', ...X_SUBCOMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}\n    ${c.usage}`)].join('\n');
}

export const xCommand: Command = {
  name: 'x',
  summary: 'Experimental commands: explain',
  usage: usage(),
  run(args, io) {
    const [name, ...rest] = args;
    if (!name) throw new UsageError(`x needs a sub-command: ${X_SUBCOMMANDS.map((c) => c.name).join(', ')}`);
    const sub = X_SUBCOMMANDS.find((c) => c.name === name);
    if (!sub) throw new UsageError(`unknown sub-command "x ${name}"; known: ${X_SUBCOMMANDS.map((c) => c.name).join(', ')}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${sub.summary}\n\nUsage: ${sub.usage}\n`);
      return EXIT.OK;
    }
    return sub.run(rest, io);
  },
};
