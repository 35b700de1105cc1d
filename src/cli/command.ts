/** The shape of a `sextant` sub-command and the shared I/O context commands write through. */

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Uint8Array;
  cwd: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number> | number;
}

export class UsageError extends Error {}
