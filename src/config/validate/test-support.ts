/**
 * Table-test support for validators: wraps a `spec` fragment in a resource, loads it through the
 * real decoder (`loadText`), and compares the diagnostics with the expected errors and warnings —
 * exact counts, message substrings and field paths. Used by the validators' *.test.ts files.
 */
import assert from 'node:assert/strict';
import { loadText } from '../load.ts';
import type { Diagnostic } from '../diagnostic.ts';

export interface Expected {
  /** A substring of the message. */
  message: string;
  /** The exact field path, when given. */
  path?: string;
}

export interface TableCase {
  name: string;
  /** The body of `spec:` (YAML, any indentation), or a whole document when it starts with `apiVersion:`. */
  yaml: string;
  errors?: (string | Expected)[];
  warnings?: (string | Expected)[];
}

/** Indents a YAML fragment under `spec:`. */
function indent(text: string, by: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const common = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => by + l.slice(common)).join('\n');
}

export function documentFor(header: string, yaml: string): string {
  if (/^\s*apiVersion:/.test(yaml)) return yaml;
  const body = yaml.trim() === '' ? ' {}' : '\n' + indent(yaml, '  ');
  return `${header.trim()}\nspec:${body}\n`;
}

/** Loads one case and returns its diagnostics. */
export function diagnose(header: string, yaml: string): Diagnostic[] {
  return loadText(documentFor(header, yaml), 'test.yaml').diagnostics;
}

function describe(ds: Diagnostic[]): string {
  return ds.map((d) => `  ${d.severity} [${d.path ?? ''}] ${d.message}`).join('\n') || '  (none)';
}

function matchAll(kind: string, got: Diagnostic[], want: (string | Expected)[], all: Diagnostic[]): void {
  const left = [...got];
  for (const w of want) {
    const e = typeof w === 'string' ? { message: w } : w;
    const i = left.findIndex((d) => d.message.includes(e.message) && (e.path === undefined || d.path === e.path));
    assert.ok(i >= 0, `expected ${kind} containing ${JSON.stringify(e.message)}${e.path ? ` at ${e.path}` : ''}; got:\n${describe(all)}`);
    left.splice(i, 1);
  }
  assert.equal(left.length, 0, `unexpected ${kind}s:\n${describe(left)}\nall diagnostics:\n${describe(all)}`);
}

/** Asserts that `ds` holds exactly the expected errors and warnings; every diagnostic has a line. */
export function expectDiagnostics(ds: Diagnostic[], c: Pick<TableCase, 'errors' | 'warnings'>): void {
  for (const d of ds) assert.ok(d.line !== undefined && d.line >= 1, `diagnostic without a position: ${d.message}`);
  matchAll('error', ds.filter((d) => d.severity === 'Error'), c.errors ?? [], ds);
  matchAll('warning', ds.filter((d) => d.severity === 'Warning'), c.warnings ?? [], ds);
}

export function runCase(header: string, c: TableCase): void {
  expectDiagnostics(diagnose(header, c.yaml), c);
}
