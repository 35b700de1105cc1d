/**
 * Envoy's `DataSource` (inline string, inline bytes as base64, file name, environment variable)
 * read into bytes at config time; a missing file or variable is a ConfigError, so the bundle that
 * references it is rejected rather than served half-configured.
 */
import { readFileSync } from 'node:fs';
import type { DataSource } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';

export function readDataSource(ds: DataSource | undefined, what: string): Buffer {
  if (!ds || typeof ds !== 'object') throw new ConfigError(`${what} is missing`);
  if (typeof ds.inlineString === 'string') return Buffer.from(ds.inlineString, 'utf8');
  if (typeof ds.inlineBytes === 'string') return Buffer.from(ds.inlineBytes, 'base64');
  if (typeof ds.filename === 'string') {
    try {
      return readFileSync(ds.filename);
    } catch (e) {
      throw new ConfigError(`${what}: cannot read file "${ds.filename}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (typeof ds.environmentVariable === 'string') {
    const v = process.env[ds.environmentVariable];
    if (v === undefined) throw new ConfigError(`${what}: environment variable ${ds.environmentVariable} is not set`);
    return Buffer.from(v, 'utf8');
  }
  throw new ConfigError(`${what} needs one of inlineString, inlineBytes, filename, environmentVariable`);
}

/** A short description of where a DataSource comes from, for config dumps and messages. */
export function describeDataSource(ds: DataSource | undefined): string {
  if (!ds) return '-';
  if (ds.filename) return ds.filename;
  if (ds.environmentVariable) return `$${ds.environmentVariable}`;
  return 'inline';
}
