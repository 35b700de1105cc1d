/**
 * What the harness hands a Node runner (`--config <file.json>`): the port to listen on, the route
 * table, TLS files to terminate with, and whether to speak HTTP/2 with prior knowledge (h2c).
 */
import { readFileSync } from 'node:fs';
import type { RouteTable } from '../route-table.ts';

export interface RunnerConfig {
  port: number;
  table: RouteTable;
  tls?: { cert: string; key: string };
  h2c: boolean;
  /** Sextant only: where the harness wants the proxy's own options (concurrency, ...). */
  concurrency?: number;
}

export function readRunnerConfig(argv: string[] = process.argv.slice(2)): RunnerConfig {
  const i = argv.indexOf('--config');
  if (i < 0 || !argv[i + 1]) throw new Error('usage: <runner> --config <file.json>');
  return JSON.parse(readFileSync(argv[i + 1], 'utf8')) as RunnerConfig;
}

/** The host part of a Host / :authority value, lower-cased, without the port. */
export function hostOnly(authority: string | undefined): string {
  if (!authority) return '';
  const colon = authority.lastIndexOf(':');
  const h = colon > 0 && !authority.endsWith(']') ? authority.slice(0, colon) : authority;
  return h.toLowerCase();
}

/** Exit cleanly on SIGTERM/SIGINT after closing the server (so profiles are written). */
export function exitOnSignal(close: () => Promise<void> | void): void {
  const stop = async (): Promise<void> => {
    try {
      await close();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}
