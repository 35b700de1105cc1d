/** The `sextant` command tree: dispatches to one sub-command and maps failures to exit codes. */
import { readFileSync } from 'node:fs';
import type { CliIO, Command } from './command.ts';
import { UsageError } from './command.ts';
import { EXIT } from './exit-codes.ts';
import { validateCommand } from './validate/command.ts';
import { sampleCommand } from './sample/command.ts';
import { discoveryCommand } from './discovery/command.ts';
import { proxyStatusCommand } from './proxy-status/command.ts';
import { proxyConfigCommand } from './proxy-config/command.ts';
import { upCommand } from './up/command.ts';
import { demoCommand } from './demo/command.ts';
import { proxyCommand } from './proxy/command.ts';
import { analyzeCommand } from './analyze/command.ts';
import { xCommand } from './explain/x-command.ts';

export const COMMANDS: Command[] = [validateCommand, upCommand, demoCommand, proxyCommand, proxyConfigCommand, discoveryCommand, proxyStatusCommand, sampleCommand, analyzeCommand, xCommand];

function help(): string {
  const lines = ['sextant — a service mesh that speaks Istio', '', 'Usage: sextant COMMAND [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(14)} ${c.summary}`);
  lines.push('', 'Run `sextant COMMAND --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

export function defaultIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readFileSync(0),
    cwd: process.cwd(),
  };
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? EXIT.OK : EXIT.USAGE;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`sextant: unknown command "${name}"\n\n${help()}`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`);
    return EXIT.OK;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      io.stderr(`sextant ${name}: ${(e as Error).message}\nUsage: ${cmd.usage}\n`);
      return EXIT.USAGE;
    }
    io.stderr(`sextant ${name}: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.FAILURE;
  }
}
