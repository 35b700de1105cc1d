/**
 * The decoder on its own: documents and their indices, values with YAML 1.1 scalars, positions,
 * duplicate keys, aliases and merges, and hostile bytes — through both the fast and the general path.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeBytes, decodeText, oversizeMessage, type DecodeOptions } from './decode.ts';
import { posOf, valuePosOf } from './source-map.ts';

const PATHS: [string, DecodeOptions][] = [
  ['fast path', {}],
  ['general path', { fastPath: false }],
];

for (const [name, opts] of PATHS) {
  describe(`decodeText (${name})`, () => {
    test('multi-document streams: indices count empty documents, positions point at the first node', () => {
      const r = decodeText('# header\n---\na: 1\n---\n---\n  b: 2\n', 'f.yaml', opts);
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual(r.documents.map((d) => [d.index, d.pos.line, d.pos.col]), [[0, 3, 1], [2, 6, 3]]);
      assert.deepEqual(r.documents.map((d) => d.value), [{ a: 1 }, { b: 2 }]);
    });

    test('YAML 1.1 scalars, as Kubernetes reads them', () => {
      const r = decodeText('a: yes\nb: off\nc: 0755\nd: 0x10\ne: 1_000\nf: ~\ng: "yes"\nh: 10s\ni: .5\nj: y\n', 'f.yaml', opts);
      assert.deepEqual(r.documents[0].value, { a: true, b: false, c: 493, d: 16, e: 1000, f: null, g: 'yes', h: '10s', i: 0.5, j: true });
    });

    test('a duplicate key is reported at the second occurrence; the last value wins', () => {
      const r = decodeText('spec:\nspec:\n  hosts: [a]\n', 'f.yaml', opts);
      const doc = r.documents[0];
      assert.deepEqual(doc.value, { spec: { hosts: ['a'] } });
      assert.equal(doc.diagnostics.length, 1);
      assert.deepEqual({ ...doc.diagnostics[0] }, {
        severity: 'Error',
        file: 'f.yaml',
        line: 2,
        col: 1,
        message: 'duplicate key "spec" (first defined at line 1); YAML keeps only the last one, so the first is silently lost',
      });
    });

    test('positions of keys, values and items', () => {
      const v = decodeText('metadata:\n  name: x\n  labels:\n    app: web\nitems:\n- one\n-   two\n', 'f.yaml', opts).documents[0].value as any;
      assert.deepEqual(posOf(v.metadata, 'labels'), { file: 'f.yaml', line: 3, col: 3 });
      assert.deepEqual(valuePosOf(v.metadata, 'labels'), { file: 'f.yaml', line: 4, col: 5 });
      assert.deepEqual(valuePosOf(v.items, 1), { file: 'f.yaml', line: 7, col: 5 });
    });

    test('`__proto__` is an ordinary key, not a prototype', () => {
      const v = decodeText('__proto__: {polluted: true}\n', 'f.yaml', opts).documents[0].value as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(v), Object.prototype);
      assert.deepEqual(Object.keys(v), ['__proto__']);
      assert.equal((v as { polluted?: boolean }).polluted, undefined);
    });

    test('a flow mapping used as a key is reported, not dropped silently', () => {
      const r = decodeText('env:\n  value: {{.Values.x | quote}}\n', 'f.yaml', opts);
      assert.deepEqual(r.documents[0].diagnostics.map((d) => [d.line, d.col, d.message]), [[2, 11, 'mapping keys must be plain strings']]);
    });
  });
}

describe('aliases and merges (general path)', () => {
  test('an alias refers to the last anchor of that name before it', () => {
    const v = decodeText('a: &x 1\nb: *x\nc: &x 2\nd: *x\n', 'f.yaml').documents[0].value;
    assert.deepEqual(v, { a: 1, b: 1, c: 2, d: 2 });
  });

  test('merge keys fill in what the mapping does not set', () => {
    const v = decodeText('base: &b {port: 80, name: http}\nserver:\n  <<: *b\n  name: web\n', 'f.yaml').documents[0].value;
    assert.deepEqual(v, { base: { port: 80, name: 'http' }, server: { port: 80, name: 'web' } });
  });

  test('merging a key named like an Object.prototype member', () => {
    const v = decodeText('m: {<<: {toString: x, valueOf: y}}\n', 'f.yaml').documents[0].value as any;
    assert.deepEqual(Object.keys(v.m), ['toString', 'valueOf']);
  });

  test('an alias bomb stops at the alias budget', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10).fill(`*${'abcdefgh'[i - 1]}`).join(', ')}]`);
    const r = decodeText(lines.join('\n'), 'bomb.yaml', { maxAliasNodes: 5000 });
    assert.equal(r.documents.length, 0);
    assert.match(r.diagnostics[0].message, /YAML aliases in this document expand to more than 5000 values/);
  });

  test('a self-referencing alias ends at the depth limit', () => {
    const r = decodeText('a: &a [*a]\n', 'loop.yaml');
    assert.match(r.diagnostics[0]?.message ?? '', /nested deeper than 200 levels|alias/);
  });
});

describe('hostile text', () => {
  test('syntax errors carry their position; U+3000 and friends are named', () => {
    const r = decodeText('a: "x"\u3000# comment\n', 'f.yaml');
    assert.equal(r.diagnostics[0].line, 1);
    assert.match(r.diagnostics[0].message, /YAML syntax error: .*U\+3000 IDEOGRAPHIC SPACE/);
  });

  test('at most three syntax errors per document', () => {
    const r = decodeText('a: [\nb: ]]]]\nc: }}}}\nd: {{{\n', 'f.yaml');
    assert.ok(r.diagnostics.length >= 1 && r.diagnostics.length <= 3);
  });

  test('deep nesting is refused', () => {
    assert.match(decodeText('a: ' + '['.repeat(300) + ']'.repeat(300), 'f.yaml').diagnostics[0].message, /nested deeper than 200 levels/);
    assert.match(decodeText('a: ' + '['.repeat(30) + ']'.repeat(30), 'f.yaml', { maxDepth: 10 }).diagnostics[0].message, /nested deeper than 10 levels/);
  });

  test('too many values are refused', () => {
    const r = decodeText(`a: [${Array(100).fill('1').join(',')}]`, 'f.yaml', { maxNodes: 50 });
    assert.match(r.diagnostics[0].message, /more than 50 values/);
  });
});

describe('decodeBytes', () => {
  test('NUL bytes mean binary data', () => {
    const r = decodeBytes(new Uint8Array([0x61, 0x0a, 0x62, 0x00]), 'bin.yaml');
    assert.deepEqual({ ...r.diagnostics[0] }, { severity: 'Error', file: 'bin.yaml', line: 2, col: 2, message: 'file looks binary (NUL byte at offset 3); expected YAML or JSON text' });
  });

  test('invalid UTF-8 is named by byte and offset', () => {
    const r = decodeBytes(new Uint8Array([0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a]), 'bad.yaml');
    assert.equal(r.diagnostics[0].message, 'file is not valid UTF-8 (invalid byte 0xc3 at offset 3)');
    assert.deepEqual([r.diagnostics[0].line, r.diagnostics[0].col], [1, 4]);
  });

  test('a UTF-8 byte order mark is dropped', () => {
    const r = decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a: 1\n')]), 'bom.yaml');
    assert.deepEqual(r.documents[0].value, { a: 1 });
  });

  test('oversized input is refused without parsing', () => {
    const r = decodeBytes(new Uint8Array(2048).fill(0x61), 'big.yaml', { maxBytes: 1024 });
    assert.equal(r.diagnostics[0].message, oversizeMessage(2048, 1024));
    assert.equal(oversizeMessage(50 * 1024 * 1024, 16 * 1024 * 1024), 'file is 50.0 MiB, larger than the 16.0 MiB limit for one configuration file; split it into smaller files');
  });
});
