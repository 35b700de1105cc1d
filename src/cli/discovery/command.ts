/**
 * `sextant discovery --config PATH... [--grpc-port 15010] [--http-port 15014] [--host 127.0.0.1]
 * [--debounce 100ms] [--consistency warn|strict]`: runs the ADS server standalone, the way istiod
 * runs — configuration files in, xDS out, reloaded when the files change — until SIGINT/SIGTERM.
 */
import type { Command } from '../command.ts';

export const discoveryCommand: Command = {
  name: 'discovery',
  summary: 'Run the xDS (ADS) control plane over configuration files, like istiod',
  usage: 'sextant discovery --config PATH [--grpc-port 15010] [--http-port 15014] [--host 127.0.0.1] [--debounce 100ms] [--consistency warn|strict] [-v]',
  run: async (args, io) => (await import('./run.ts')).run(args, io),
};
