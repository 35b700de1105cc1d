/**
 * Table-test support for the validators: each case is a resource loaded through the real decoder
 * (loadText) and the exact set of errors and warnings it must produce. A case is written either as
 * a spec object (serialised to YAML) or a whole YAML document (`Case`, run by runCases), or as a
 * YAML fragment placed under `spec:` of a given header (`TableCase`, run by runCase). An expected
 * diagnostic is a message substring, optionally with its exact field path and the text its position
 * must point at. Used by the *.test.ts files beside the validators.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { loadText } from '../load.ts';
import type { Diagnostic } from '../diagnostic.ts';

export interface Expected {
  /** A substring of the message. */
  message: string;
  /** The exact field path, when given. */
  path?: string;
}

/**
 * One expected diagnostic: `[path, message substring]`, `[path, message substring, text on the
 * reported line]`, a message substring alone, or an Expected.
 */
export type Expect = readonly [string, string] | readonly [string, string, string] | string | Expected;

export interface Case {
  name: string;
  /** The spec, as an object (serialised to YAML) ... */
  spec?: unknown;
  /** ... or a whole YAML document. */
  yaml?: string;
  namespace?: string;
  apiVersion?: string;
  errors?: readonly Expect[];
  warnings?: readonly Expect[];
}

export interface TableOptions {
  kind: string;
  apiVersion: string;
  /** Warnings every resource of the kind gets (message substrings); not asserted. */
  ignoreWarnings?: readonly string[];
}

/** A case for runCase(): a fragment placed under the header's `spec:`. */
export interface TableCase {
  name: string;
  /** The body of `spec:` (YAML, any indentation), or a whole document when it starts with `apiVersion:`. */
  yaml: string;
  errors?: readonly Expect[];
  warnings?: readonly Expect[];
}

/** How the diagnostics of a case are checked besides their messages and paths. */
interface MatchOptions {
  /** The loaded text: a diagnostic expected with a text must point at a line containing it. */
  text?: string;
  /** The file every diagnostic must name. */
  file?: string;
  /** Message substrings of warnings left unchecked. */
  ignoreWarnings?: readonly string[];
}

const TEST_FILE = 'test.yaml';

export function caseYaml(c: Case, o: TableOptions): string {
  if (c.yaml !== undefined) return c.yaml;
  const doc = { apiVersion: c.apiVersion ?? o.apiVersion, kind: o.kind, metadata: { name: 'test', namespace: c.namespace ?? 'default' }, spec: c.spec };
  // YAML 1.1 quoting, as the decoder reads YAML 1.1 (`n`, `y`, `.` would not stay strings unquoted).
  return stringify(doc, { version: '1.1' });
}

/** Indents a YAML fragment under `spec:`. */
function indent(text: string, by: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const common = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => by + l.slice(common)).join('\n');
}

/** The document of a TableCase: `yaml` under the header's `spec:`, or `yaml` itself when it is a whole document. */
export function documentFor(header: string, yaml: string): string {
  if (/^\s*apiVersion:/.test(yaml)) return yaml;
  const body = yaml.trim() === '' ? ' {}' : '\n' + indent(yaml, '  ');
  return `${header.trim()}\nspec:${body}\n`;
}

/** Loads one fragment under `header` and returns its diagnostics. */
export function diagnose(header: string, yaml: string): Diagnostic[] {
  return loadText(documentFor(header, yaml), TEST_FILE).diagnostics;
}

function describe(ds: readonly Diagnostic[]): string {
  return ds.map((d) => `  ${d.severity} [${d.path ?? ''}] ${d.message}`).join('\n') || '  (none)';
}

/** The field path an expected diagnostic names, if it names one. */
export function pathOf(e: Expect): string | undefined {
  return normalise(e).path;
}

function normalise(e: Expect): { path?: string; message: string; at?: string } {
  if (typeof e === 'string') return { message: e };
  if ('message' in e) return e;
  return { path: e[0], message: e[1], at: e[2] };
}

function matchAll(kind: string, got: readonly Diagnostic[], want: readonly Expect[], all: readonly Diagnostic[], o: MatchOptions): void {
  const left = [...got];
  for (const w of want) {
    const e = normalise(w);
    const i = left.findIndex((d) => d.message.includes(e.message) && (e.path === undefined || (d.path ?? '') === e.path));
    assert.ok(i >= 0, `expected ${kind}${e.path !== undefined ? ` at ${e.path}` : ''} containing ${JSON.stringify(e.message)}; got:\n${describe(all)}`);
    const d = left[i];
    if (e.at !== undefined) {
      const line = o.text?.split('\n')[d.line! - 1] ?? '';
      assert.ok(line.includes(e.at), `${kind} "${d.message}" points at line ${d.line} (${JSON.stringify(line)}), expected a line containing ${JSON.stringify(e.at)}`);
    }
    left.splice(i, 1);
  }
  assert.equal(left.length, 0, `unexpected ${kind}s:\n${describe(left)}\nall diagnostics:\n${describe(all)}`);
}

/**
 * Asserts that `ds` holds exactly the expected errors and warnings (less the ignored warnings), and
 * that every diagnostic has a position (in `o.file`, when given).
 */
export function expectDiagnostics(ds: readonly Diagnostic[], c: { errors?: readonly Expect[]; warnings?: readonly Expect[] }, o: MatchOptions = {}): void {
  for (const d of ds) {
    const placed = typeof d.line === 'number' && d.line >= 1 && typeof d.col === 'number' && (o.file === undefined || d.file === o.file);
    assert.ok(placed, `diagnostic without a position${o.file ? ` in ${o.file}` : ''}: ${d.file}:${d.line}:${d.col} ${d.message}`);
  }
  const ignored = (d: Diagnostic): boolean => (o.ignoreWarnings ?? []).some((w) => d.message.includes(w));
  matchAll('error', ds.filter((d) => d.severity === 'Error'), c.errors ?? [], ds, o);
  matchAll('warning', ds.filter((d) => d.severity === 'Warning' && !ignored(d)), c.warnings ?? [], ds, o);
}

/** Loads one Case and checks its diagnostics; returns them for further assertions. */
export function checkCase(c: Case, o: TableOptions): Diagnostic[] {
  const text = caseYaml(c, o);
  const { diagnostics } = loadText(text, TEST_FILE);
  expectDiagnostics(diagnostics, c, { text, file: TEST_FILE, ignoreWarnings: o.ignoreWarnings });
  return diagnostics;
}

/** Registers one node:test test per case. */
export function runCases(title: string, cases: readonly Case[], o: TableOptions): void {
  for (const c of cases) test(`${title}: ${c.name}`, () => void checkCase(c, o));
}

/** Loads one TableCase under `header` and checks its diagnostics. */
export function runCase(header: string, c: TableCase): void {
  const text = documentFor(header, c.yaml);
  expectDiagnostics(loadText(text, TEST_FILE).diagnostics, c, { text, file: TEST_FILE });
}
