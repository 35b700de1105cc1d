/**
 * The fast decoder must be indistinguishable from the general one: for every input it accepts, the
 * same documents, indices, values (YAML 1.1 scalars included), source positions of every key, value
 * and item, and duplicate-key diagnostics. Inputs: hand-written edge cases, every seed fixture, a
 * generated mesh tree, and line-level mutations of all of them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { generateTree } from '../../bench/gen-tree.ts';
import { decodeText, type DecodeResult, type RawDocument } from './decode.ts';
import { fastDecode } from './decode-fast.ts';
import { loadText } from './load.ts';
import { posOf, positionsOf, renameKey, valuePosOf, withAnchor } from './source-map.ts';

/** Values and positions as one comparable tree. */
function describeValue(v: unknown): unknown {
  if (v instanceof Date) return { date: v.toISOString() };
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  if (v === null || typeof v !== 'object') return v;
  const p = positionsOf(v);
  const pos = (x: { line: number; col: number } | undefined): string => (x ? `${x.line}:${x.col}` : '-');
  if (Array.isArray(v)) return { self: pos(p?.self), items: v.map((x, i) => [pos(p?.items?.[i]), describeValue(x)]) };
  return {
    self: pos(p?.self),
    proto: Object.getPrototypeOf(v) === Object.prototype,
    entries: Object.keys(v).map((k) => [k, pos(p?.keys?.get(k)), pos(p?.values?.get(k)), describeValue((v as Record<string, unknown>)[k])]),
  };
}

/** Values are described with their document's anchor, when they were decoded without stamps. */
function describeResult(r: DecodeResult): unknown {
  const value = (d: RawDocument): unknown => (d.positions ? withAnchor(d.positions, () => describeValue(d.value)) : describeValue(d.value));
  return { documents: r.documents.map((d) => ({ index: d.index, pos: `${d.pos.line}:${d.pos.col}`, value: value(d), diagnostics: d.diagnostics })), diagnostics: r.diagnostics };
}

/** Compares both decoders on `text`; returns whether the fast one accepted it. */
function agree(text: string, name: string): boolean {
  const fast = fastDecode(text, name, 1_000_000, 200);
  if (!fast) return false;
  const general = describeResult(decodeText(text, name, { fastPath: false }));
  assert.deepEqual(describeResult({ documents: fast, diagnostics: [] }), general, `decoders disagree on ${name}:\n${text}`);
  const eager = fastDecode(text, name, 1_000_000, 200, 'eager')!;
  assert.deepEqual(describeResult({ documents: eager, diagnostics: [] }), general, `decoders disagree on ${name} (positions recorded at once):\n${text}`);
  const anchored = fastDecode(text, name, 1_000_000, 200, 'anchored')!;
  assert.deepEqual(describeResult({ documents: anchored, diagnostics: [] }), general, `decoders disagree on ${name} (positions looked up through an anchor):\n${text}`);
  return true;
}

const EDGE_CASES: string[] = [
  'a: 1\nb: -2\nc: 0755\nd: 0x1F\ne: 1_000\nf: 1.5\ng: .5\nh: 1e3\ni: .inf\nj: -.Inf\nk: .nan\nl: 190:20:30\nm: 2001-12-14\nn: 2001-12-14 21:59:43.10 -5\n',
  'a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: N\ng: ~\nh: null\ni: Null\nj: true\nk: FALSE\nl: nullx\nm: yesno\n',
  'a:\nb: |\n  x\n  y\nc:\n- \n- q\nd: >-\n   f\n   g\n\n   h\ne: ""\n',
  'a:   # c\nb: 1\nc:\n  # comment\nd: 2\n',
  'l:\n-\n- x\n-   # c\n-\n',
  '# c\n---\na: 1\n',
  'a: 1\n---\n',
  '---\n---\na: 1\n',
  'x: 1\n# end\n---\n# only\n---\ny: 2\n',
  'k: {a: 1, b: [x, y]}\nz:   # c\n  - 1\n',
  '{"apiVersion": "v1", "kind": "List", "items": [\n  {"a": 1.5e3, "b": "x\\u00e9\\"y", "c": [true, false, null]},\n  {}\n]}\n',
  '[1, 2,\n  3, ]\n',
  'a: \'it\'\'s\'\nb: "tab\\there"\nc: \'\'\n',
  'spec:\n  hosts:\n  - a\n  - b\n  http:\n  - route:\n    - destination:\n        host: x\n      weight: 10\n',
  'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n',
  '- a\n- b: 1\n  c: 2\n- - nested\n',
  '- name: x\n  cmd:\n  - |\n    echo 1\n    echo 2\n  - >\n    folded\n    text\n',
  'a: |-\n  keep\n\n  gaps\n\nb: |\n\n  leading blank\nc: >\n  one\n\n\n  two\n',
  'a: b # comment\nc: d#not comment\ne: http://example.com:8080/x\nf: "quoted" # c\n',
  'dup: 1\ndup: 2\nnested:\n  x: 1\n  x: 2\n',
  '{a: 1, a: 2}\n',
  '"quoted key": 1\n\'single\': 2\n"k:v": 3\n',
  '80: http\n443: https\ntrue: yes\nnull: x\n1.0: y\n',
  '__proto__: {polluted: true}\nconstructor: 1\ntoString: 2\n',
  'text: this is\n  a multi-line plain scalar\n',
  'a: &x 1\nb: *x\n',
  'a: !!str 1\n',
  '? complex\n: key\n',
  '<<: {a: 1}\nb: 2\n',
  'just a scalar\n',
  '"quoted scalar document"\n',
  '- [a, {b: c}]\n- {d: [e, f]}\n',
  'a: {x: 1,\n  y: 2}\n',
  'a:\n  b: {x: 1,\n  y: 2}\n',
  'a: [1,\n2]\n',
  'a: "unterminated\n',
  'a: b: c\n',
  '  indented: root\n  second: 2\n',
  'a:\n    deep: 1\n    deeper:\n      - x\n',
  'a: >\n  more\n    indented\n  back\n',
  'a: |2\n   x\n',
  'a: |+\n  x\n\n',
  'a: "\\/"\n',
  'key: "a\\x41\\u0042\\U00000043"\n',
  '%YAML 1.1\n---\na: 1\n',
  'a: 1\n...\n',
  'a: [a, b]: c\n',
  'empty: {}\nlist: []\n',
  'a: -\n',
  'a: - b\n',
  '- -1\n- +2\n- -.5\n- 0b101\n- 0o17\n',
  // First characters that may or may not start a tagged scalar (exponent-only floats, null, bools).
  'a: e5\nb: E-3\nc: e\nd: ex5\ne: ~\nf: Yes\ng: oN\nh: é1\ni: .5e1\nj: x1\nex: 1\n',
  // The same key text plain and quoted, and quoted keys with escapes, in block and flow context.
  'yes: 1\n"yes": 2\n\'yes\': 3\n"a\\"b": 4\n\'it\'\'s\': 5\n"tab\\tkey": 6\n"": 7\n',
  '{"yes": 1, yes: 2, \'yes\': 3, "a\\u0041": 4, \'q\'\'\': 5, "x y": 6}\n',
  '{"k": 1, "k": 2, k: 3}\n',
  '',
  '# only a comment\n',
  '---\n',
];

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ya?ml|json)$/.test(name)) yield p;
  }
}

/** Variants of a text: a line dropped, duplicated, indented or dedented by one space (`limit` lines, spread out). */
function* mutations(text: string, limit: number): Generator<string> {
  const lines = text.split('\n');
  const step = Math.max(1, Math.floor(lines.length / limit));
  for (let i = 0; i < lines.length; i += step) {
    const copy = (f: (l: string[]) => void): string => {
      const l = [...lines];
      f(l);
      return l.join('\n');
    };
    yield copy((l) => l.splice(i, 1));
    yield copy((l) => l.splice(i, 0, lines[i]));
    yield copy((l) => (l[i] = ' ' + l[i]));
    yield copy((l) => (l[i] = l[i].replace(/^ /, '')));
  }
}

describe('fast decoder agrees with the general decoder', () => {
  test('edge cases', () => {
    let accepted = 0;
    for (const [i, text] of EDGE_CASES.entries()) {
      if (agree(text, `edge-${i}.yaml`)) accepted++;
      for (const m of mutations(text, 20)) agree(m, `edge-${i}-mutated.yaml`);
    }
    assert.ok(accepted >= 30, `the fast path should take most edge cases, took ${accepted}/${EDGE_CASES.length}`);
  });

  test('every seed fixture and its mutations', () => {
    const root = join(import.meta.dirname, '..', '..', 'test', 'seeds');
    let accepted = 0;
    let total = 0;
    for (const f of files(root)) {
      const text = readFileSync(f, 'utf8');
      total++;
      if (agree(text, f)) accepted++;
      for (const m of mutations(text, 6)) agree(m, f);
    }
    assert.ok(accepted >= total * 0.8, `fast path took ${accepted}/${total} fixtures`);
  });

  test('a generated mesh tree: every file takes the fast path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sextant-fast-'));
    try {
      generateTree(dir, 60);
      for (const f of files(dir)) {
        const text = readFileSync(f, 'utf8');
        assert.ok(agree(text, f), `fast path refused ${f}`);
        for (const m of mutations(text, 8)) agree(m, f);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deferred positions', () => {
  const TLS = 'spec:\n  tls:\n  - sni_hosts:\n    - a.example.com\n    - b.example.com\n    route:\n    - destination: {host: x}\n';
  const at = (line: number, col: number) => ({ file: 'f.yaml', line, col });

  test('values deep in a document get their positions on first lookup, also after a rename', () => {
    const root = fastDecode(TLS, 'f.yaml', 1_000_000, 200)![0].value as { spec: { tls: Record<string, unknown>[] } };
    const rule = root.spec.tls[0];
    // As the schema check renames a snake_case field: positions first, then the move.
    renameKey(rule, 'sni_hosts', 'sniHosts');
    rule.sniHosts = rule.sni_hosts;
    delete rule.sni_hosts;
    assert.deepEqual(posOf(rule, 'sniHosts'), at(3, 5));
    assert.deepEqual(valuePosOf(rule.sniHosts, 1), at(5, 7));
    assert.deepEqual(valuePosOf((rule.route as Record<string, unknown>[])[0].destination, 'host'), at(7, 27));
    assert.deepEqual(posOf(root.spec, 'tls'), at(2, 3));
  });

  test('a value put in place of a decoded one has no positions; its siblings keep theirs', () => {
    const root = fastDecode(TLS, 'f.yaml', 1_000_000, 200)![0].value as { spec: { tls: Record<string, unknown>[] } };
    const rule = root.spec.tls[0];
    const replaced = rule.route;
    rule.route = [{ destination: { host: 'y' } }];
    assert.equal(posOf((rule.route as object[])[0]), undefined);
    assert.deepEqual(valuePosOf(rule.sni_hosts, 0), at(4, 7));
    assert.equal(posOf(replaced, 0), undefined, 'a value taken out of the tree before the lookup is not reached');
  });

  test('a duplicate key deep in a document is reported as when positions are recorded at once', () => {
    const docs = fastDecode('a:\n  b:\n    c: 1\n    c: 2\n', 'f.yaml', 1_000_000, 200)!;
    assert.deepEqual(
      docs[0].diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`),
      ['4:5 duplicate key "c" (first defined at line 3); YAML keeps only the last one, so the first is silently lost'],
    );
  });
});

describe('anchored positions', () => {
  const TEXT = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - {name: http, port: 80}\n';
  const at = (file: string, line: number, col: number) => ({ file, line, col });

  test('values carry no positions of their own; the document\'s positions, or a stamped value of the file, locate them', () => {
    const [doc] = fastDecode(TEXT, 'a.yaml', 1_000_000, 200, 'anchored')!;
    const spec = (doc.value as { spec: { ports: Record<string, unknown>[] } }).spec;
    assert.equal(posOf(spec, 'ports'), undefined, 'no anchor, no position');
    assert.deepEqual(valuePosOf(spec.ports[0], 'port', doc.positions), at('a.yaml', 7, 24));
    assert.deepEqual(withAnchor(doc.positions, () => posOf(spec, 'ports')), at('a.yaml', 6, 3));
    assert.deepEqual(posOf(spec.ports, 0), at('a.yaml', 7, 5), 'recorded when the file was looked up');
  });

  test('a loaded resource\'s body is the anchor of its values; another file\'s is not', () => {
    const a = loadText(TEXT, 'a.yaml').resources[0];
    const b = loadText(TEXT, 'b.yaml').resources[0];
    const ports = (a.spec as { ports: Record<string, unknown>[] }).ports;
    assert.equal(valuePosOf(ports[0], 'name', b.body), undefined);
    assert.deepEqual(valuePosOf(ports[0], 'name', a.body), at('a.yaml', 7, 12));
    assert.deepEqual(posOf(a.metadata.labels), undefined, 'labels nobody wrote have no position');
  });
});

describe('shared scalars', () => {
  test('a timestamp decodes to a new Date each time (a mutable value is never shared), other scalars to equal values', () => {
    const text = 'a: 2001-12-14\nb: v1\nc: 80\nd: "GET"\n---\na: 2001-12-14\nb: v1\nc: 80\nd: "GET"\n';
    const docs = fastDecode(text, 'f.yaml', 1_000_000, 200)!.map((d) => d.value as Record<string, unknown>);
    assert.ok(docs[0].a instanceof Date && docs[1].a instanceof Date);
    assert.notEqual(docs[0].a, docs[1].a);
    (docs[0].a as Date).setUTCFullYear(1999);
    assert.equal((docs[1].a as Date).getUTCFullYear(), 2001);
    assert.deepEqual([docs[1].b, docs[1].c, docs[1].d], ['v1', 80, 'GET']);
  });

  test('a value longer than the table takes, and more distinct values than it holds, still decode', () => {
    const long = 'x'.repeat(100);
    const lines = Array.from({ length: 20_000 }, (_, i) => `k${i}: v-${i}`).join('\n');
    const root = fastDecode(`a: ${long}\nb: "${long}"\n${lines}\n`, 'f.yaml', 1_000_000, 200)![0].value as Record<string, unknown>;
    assert.equal(root.a, long);
    assert.equal(root.b, long);
    assert.equal(root.k19999, 'v-19999');
    assert.equal(Object.keys(root).length, 20_002);
  });
});
