/**
 * Hostile and unusual input through the real loader (files in a temporary directory, stdin through
 * `-`): every case ends in a clear diagnostic naming the file and the line, never an exception, and
 * huge inputs are refused with bounded memory.
 */
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from '../../src/config/diagnostic.ts';
import { loadPaths, type LoadResult } from '../../src/config/load.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sextant-hostile-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

function load(name: string, content: string | Uint8Array): { file: string; result: LoadResult } {
  const file = write(name, content);
  return { file, result: loadPaths([file]) };
}

/** The one diagnostic of `severity` whose message matches; fails with the full list otherwise. */
function only(result: LoadResult, severity: 'Error' | 'Warning', message: RegExp): Diagnostic {
  const found = result.diagnostics.filter((d) => d.severity === severity && message.test(d.message));
  assert.equal(found.length, 1, `one ${severity} matching ${message} in ${JSON.stringify(result.diagnostics, null, 1)}`);
  return found[0];
}

function at(d: Diagnostic, file: string, line: number, col?: number): void {
  assert.equal(d.file, file);
  assert.equal(d.line, line, `line of: ${d.message}`);
  if (col !== undefined) assert.equal(d.col, col, `column of: ${d.message}`);
}

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["example.com"]
`;

describe('empty and almost empty files', () => {
  test('an empty file is an error at line 1', () => {
    const { file, result } = load('empty.yaml', '');
    at(only(result, 'Error', /file is empty/), file, 1, 1);
    assert.equal(result.resources.length, 0);
  });

  test('white space, comments and bare document markers only', () => {
    const { file, result } = load('comments.yaml', '\n   \n# just a comment\n---\n# another\n---\n\t\n');
    at(only(result, 'Error', /no resources \(only white space, comments or empty documents\)/), file, 1, 1);
  });
});

describe('bytes that are not YAML text', () => {
  test('binary junk is refused where the first NUL byte is', () => {
    const junk = new Uint8Array([0x61, 0x3a, 0x20, 0x62, 0x0a, 0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]);
    const { file, result } = load('junk.yaml', junk);
    at(only(result, 'Error', /file looks binary \(NUL byte at offset 9\)/), file, 2, 5);
  });

  test('invalid UTF-8 is refused at the offending byte', () => {
    const bytes = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const { file, result } = load('latin1.yaml', bytes);
    at(only(result, 'Error', /not valid UTF-8 \(invalid byte 0xe9 at offset/), file, 4, 12);
  });

  test('a YAML syntax error names its line and column', () => {
    const { file, result } = load('syntax.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "unterminated\n');
    const d = only(result, 'Error', /YAML syntax error/);
    assert.equal(d.file, file);
    assert.ok(d.line! >= 4, `line ${d.line}`);
  });
});

describe('resource exhaustion', () => {
  test('a billion-laughs alias bomb is refused', () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      lines.push(`  ${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const before = process.memoryUsage().rss;
    const { file, result } = load('bomb.yaml', lines.join('\n') + '\n');
    at(only(result, 'Error', /alias bomb/), file, 1, 1);
    assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'memory stays bounded');
  });

  test('ordinary anchors and aliases still work', () => {
    const { result } = load('anchors.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, labels: &l {app: x}, annotations: *l}\ndata: {a: b}\n');
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.resources[0].metadata.annotations, { app: 'x' });
  });

  test('a 50 MB file is refused quickly without being read', () => {
    const file = join(dir, 'huge.yaml');
    const chunk = Buffer.from('key: value\n'.repeat(1024 * 1024 / 11));
    const fd = openSync(file, 'w');
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
    closeSync(fd);
    const rss = process.memoryUsage().rss;
    const t0 = process.hrtime.bigint();
    const result = loadPaths([file]);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    at(only(result, 'Error', /file is 5\d\.\d MiB, larger than the 16\.0 MiB limit/), file, 1, 1);
    assert.ok(process.memoryUsage().rss - rss < 16 * 1024 * 1024, `rss grew by ${(process.memoryUsage().rss - rss) / 1e6} MB`);
    assert.ok(ms < 2000, `refused in ${ms} ms`);
  });

  test('a device that never ends is cut off at the limit', { skip: !existsSync('/dev/zero') }, () => {
    const result = loadPaths(['/dev/zero']);
    at(only(result, 'Error', /larger than the 16\.0 MiB limit/), '/dev/zero', 1, 1);
  });

  test('deep flow nesting is refused before parsing', () => {
    const { file, result } = load('deep-flow.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n');
    at(only(result, 'Error', /nested deeper than 200 levels/), file, 4);
  });

  test('deep block nesting ends in a clear error, not a crash', () => {
    const text = Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + ' end\n';
    const { file, result } = load('deep-block.yaml', text);
    const d = only(result, 'Error', /nested (too deeply|deeper)/);
    assert.equal(d.file, file);
    assert.ok(d.line! >= 1);
  });
});

describe('documents that are not Kubernetes objects', () => {
  test('a string, a list and a number, each at its own line', () => {
    const { file, result } = load('scalars.yaml', 'just a string\n---\n- a\n- b\n---\n42\n---\n' + GATEWAY);
    at(only(result, 'Error', /document is a string, not a Kubernetes object/), file, 1, 1);
    at(only(result, 'Error', /document is a list, not a Kubernetes object/), file, 3, 1);
    at(only(result, 'Error', /document is a number, not a Kubernetes object/), file, 6, 1);
    assert.equal(result.resources.length, 1, 'the valid Gateway after them still loads');
  });

  test('missing apiVersion, kind and metadata', () => {
    const { file, result } = load('missing.yaml', 'kind: Gateway\nmetadata: {name: a}\n---\napiVersion: v1\nmetadata: {name: b}\n---\napiVersion: v1\nkind: ConfigMap\ndata: {}\n');
    at(only(result, 'Error', /missing "apiVersion"/), file, 1, 1);
    at(only(result, 'Error', /missing "kind" \(apiVersion is v1\)/), file, 4, 1);
    at(only(result, 'Error', /missing "metadata"/), file, 7, 1);
  });

  test('unknown kinds are skipped with a warning; unknown Istio kinds are errors', () => {
    const { file, result } = load('unknown.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: networking.istio.io/v1\nkind: VirtualServce\nmetadata: {name: v}\n');
    at(only(result, 'Warning', /skipping unknown kind Widget \(apiVersion example.com\/v1\)/), file, 2, 1);
    at(only(result, 'Error', /unknown kind "VirtualServce" in networking.istio.io \(did you mean "VirtualService"\?\)/), file, 6, 7);
    assert.equal(result.resources.length, 0);
  });

  test('duplicate keys are errors even when the document has other problems', () => {
    const { file, result } = load('dup.yaml', 'kind: X\nkind: Y\nmetadata: {}\n');
    at(only(result, 'Error', /duplicate key "kind"/), file, 2, 1);
    at(only(result, 'Error', /missing "apiVersion"/), file, 1, 1);
  });
});

describe('containers: List, multi-document files, JSON', () => {
  test('a kubectl List expands to its items; a bad item is reported at its own line', () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: shop}
  spec:
    ports: [{name: http, port: 80}]
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: cm}
  metadata: {name: cm2}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: ok}
`;
    const { file, result } = load('list.yaml', list);
    at(only(result, 'Error', /duplicate key "metadata"/), file, 12, 3);
    assert.deepEqual(result.resources.map((r) => `${r.kind}/${r.metadata.name}`), ['Service/web', 'ConfigMap/ok']);
    assert.equal(result.resources[0].source.line, 4);
  });

  test('multi-document files keep going after a bad document', () => {
    const { file, result } = load('multi.yaml', `${GATEWAY}---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: bad}\nspec: {servers: [{port: {number: 99999, name: x, protocol: HTTP}, hosts: ["*"]}]}\n---\n${GATEWAY.replace('name: gw', 'name: gw2')}`);
    assert.deepEqual(result.resources.map((r) => r.metadata.name), ['gw', 'gw2']);
    const bad = result.diagnostics.filter((d) => d.severity === 'Error');
    assert.ok(bad.length >= 1);
    for (const d of bad) at(d, file, 15);
    assert.equal(result.resources[1].source.line, 17);
  });

  test('JSON input, and a JSON syntax error with its position', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-json' }, data: { a: 'b' } }, null, 2);
    const good = load('cm.json', json);
    assert.deepEqual(good.result.diagnostics, []);
    assert.equal(good.result.resources[0].metadata.name, 'from-json');
    const { file, result } = load('broken.json', '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "x"\n}\n');
    const d = only(result, 'Error', /YAML syntax error/);
    assert.equal(d.file, file);
    assert.ok(d.line! >= 4, `line ${d.line}`);
  });

  test('unknown fields in JSON are reported at their line', () => {
    const { file, result } = load('typo.json', '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "x"},\n  "dta": {}\n}\n');
    at(only(result, 'Error', /unknown field "dta".*did you mean "data"/), file, 5, 3);
  });
});

describe('paths: directories and stdin', () => {
  test('directories are walked recursively; other files, dot files and symlink cycles are ignored', () => {
    const root = join(dir, 'tree');
    write('tree/a.yaml', GATEWAY);
    write('tree/sub/b.yml', GATEWAY.replace('name: gw', 'name: gw-b'));
    write('tree/sub/deeper/c.json', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }));
    write('tree/sub/deeper/bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n');
    write('tree/notes.txt', 'not: [config');
    write('tree/.hidden.yaml', 'not: [config');
    symlinkSync(root, join(root, 'sub', 'loop'));
    const result = loadPaths([root]);
    assert.deepEqual(result.files.map((f) => f.slice(root.length + 1)).sort(), ['a.yaml', 'sub/b.yml', 'sub/deeper/bad.yaml', 'sub/deeper/c.json']);
    assert.deepEqual(result.resources.map((r) => r.metadata.name).sort(), ['gw', 'gw-b', 'shop']);
    at(only(result, 'Error', /metadata.name "Bad_Name" is not a valid name/), join(root, 'sub/deeper/bad.yaml'), 3);
  });

  test('a missing path is an error naming it', () => {
    const missing = join(dir, 'nope.yaml');
    const result = loadPaths([missing]);
    const d = only(result, 'Error', /cannot read: no such file or directory/);
    assert.equal(d.file, missing);
  });

  test('`-` reads standard input, reported as <stdin>', () => {
    const result = loadPaths(['-'], { stdin: () => new TextEncoder().encode(`${GATEWAY}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {}\ndata: {}\n`) });
    assert.deepEqual(result.files, ['<stdin>']);
    assert.deepEqual(result.resources.map((r) => r.metadata.name), ['gw']);
    at(only(result, 'Error', /duplicate key "data"/), '<stdin>', 16, 1);
  });
});
