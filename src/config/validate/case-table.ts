/**
 * Table-test support for the validators: each case is a resource (a spec object turned into YAML,
 * or raw YAML) loaded through loadText, and the exact set of expected errors and warnings, each
 * given as its field path and a substring of its message, optionally with the text its position
 * must point at. Used by the *.test.ts files beside the validators.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { loadText } from '../load.ts';
import type { Diagnostic } from '../diagnostic.ts';

/** `[path, message substring]` or `[path, message substring, text on the reported line]`. */
export type Expect = readonly [string, string] | readonly [string, string, string];

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

export function caseYaml(c: Case, o: TableOptions): string {
  if (c.yaml !== undefined) return c.yaml;
  const doc = { apiVersion: c.apiVersion ?? o.apiVersion, kind: o.kind, metadata: { name: 'test', namespace: c.namespace ?? 'default' }, spec: c.spec };
  // YAML 1.1 quoting, as the decoder reads YAML 1.1 (`n`, `y`, `.` would not stay strings unquoted).
  return stringify(doc, { version: '1.1' });
}

function describe(ds: readonly Diagnostic[]): string {
  return ds.map((d) => `  ${d.severity} ${d.path ?? ''} :: ${d.message}`).join('\n') || '  (none)';
}

function matchAll(kind: string, got: Diagnostic[], want: readonly Expect[], text: string): void {
  const left = [...got];
  for (const [path, msg, at] of want) {
    const i = left.findIndex((d) => (d.path ?? '') === path && d.message.includes(msg));
    assert.ok(i >= 0, `expected ${kind} at ${path} containing ${JSON.stringify(msg)}; got:\n${describe(got)}`);
    const d = left[i];
    assert.ok(d.file === 'test.yaml' && typeof d.line === 'number' && typeof d.col === 'number', `diagnostic has no position: ${d.message}`);
    if (at !== undefined) {
      const line = text.split('\n')[d.line! - 1] ?? '';
      assert.ok(line.includes(at), `${kind} "${d.message}" points at line ${d.line} (${JSON.stringify(line)}), expected a line containing ${JSON.stringify(at)}`);
    }
    left.splice(i, 1);
  }
  assert.equal(left.length, 0, `unexpected ${kind}s:\n${describe(left)}`);
}

/** Loads one case and checks its diagnostics; returns them for further assertions. */
export function checkCase(c: Case, o: TableOptions): Diagnostic[] {
  const text = caseYaml(c, o);
  const { diagnostics } = loadText(text, 'test.yaml');
  const errors = diagnostics.filter((d) => d.severity === 'Error');
  const warnings = diagnostics.filter((d) => d.severity === 'Warning' && !(o.ignoreWarnings ?? []).some((w) => d.message.includes(w)));
  matchAll('error', errors, c.errors ?? [], text);
  matchAll('warning', warnings, c.warnings ?? [], text);
  return diagnostics;
}

/** Registers one node:test test per case. */
export function runCases(title: string, cases: readonly Case[], o: TableOptions): void {
  for (const c of cases) test(`${title}: ${c.name}`, () => void checkCase(c, o));
}
