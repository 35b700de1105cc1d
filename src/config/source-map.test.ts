/** Source positions: compact records of offsets from the decoder, lines on demand, the full form, renames and duplicates. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeText } from './decode.ts';
import { addItem, addKey, attachPositions, newRecord, posOf, positionsOf, renameKey, setPositions, SourceText, valuePosOf } from './source-map.ts';

const p = (line: number, col: number, file = 'f.yaml') => ({ file, line, col });

/** A text whose line L (1-based) holds `L:` followed by spaces, so that offsets are easy to write. */
const TEXT = Array.from({ length: 10 }, (_, i) => `${i + 1}:`.padEnd(20, ' ')).join('\n') + '\n';
/** The offset of line:col in TEXT (lines are 21 characters with their line break). */
const off = (line: number, col: number): number => (line - 1) * 21 + col - 1;

describe('compact records', () => {
  const source = new SourceText('f.yaml', TEXT);

  test('a mapping: key, value and self positions', () => {
    const o = { a: 1, b: 2 };
    const rec = newRecord(source, off(3, 5));
    addKey(rec, 'a', off(3, 5), off(3, 8));
    addKey(rec, 'b', off(4, 5), off(4, 8));
    attachPositions(o, rec);
    assert.deepEqual(posOf(o), p(3, 5));
    assert.deepEqual(posOf(o, 'b'), p(4, 5));
    assert.deepEqual(valuePosOf(o, 'b'), p(4, 8));
    assert.deepEqual(posOf(o, 'missing'), p(3, 5), 'unknown keys fall back to the object');
    assert.deepEqual(valuePosOf(o, 0), p(3, 5), 'an index into a mapping falls back to the object');
  });

  test('a sequence: item positions', () => {
    const list = ['x', 'y'];
    const rec = newRecord(source, off(7, 3));
    addItem(rec, off(7, 5));
    addItem(rec, off(8, 5));
    attachPositions(list, rec);
    assert.deepEqual(posOf(list, 1), p(8, 5));
    assert.deepEqual(valuePosOf(list, 0), p(7, 5));
    assert.deepEqual(posOf(list, 2), p(7, 3), 'out of range falls back to the sequence');
    assert.deepEqual(posOf(list, -1), p(7, 3));
    assert.deepEqual(posOf(list, 'a'), p(7, 3));
    assert.deepEqual(positionsOf(list)!.items, [p(7, 5), p(8, 5)]);
  });

  test('a repeated key: the last entry wins, as in the full form', () => {
    const o = { a: 2 };
    const rec = newRecord(source, off(1, 1));
    addKey(rec, 'a', off(1, 1), off(1, 4));
    addKey(rec, 'a', off(2, 1), off(2, 4));
    attachPositions(o, rec);
    assert.deepEqual(valuePosOf(o, 'a'), p(2, 4));
    assert.deepEqual(positionsOf(o)!.keys!.get('a'), p(2, 1));
    assert.deepEqual([...positionsOf(o)!.keys!.keys()], ['a']);
  });

  test('renameKey keeps both names, before and after expansion', () => {
    const o: Record<string, unknown> = { sni_hosts: ['a'] };
    const rec = newRecord(source, off(1, 1));
    addKey(rec, 'sni_hosts', off(2, 3), off(3, 5));
    attachPositions(o, rec);
    renameKey(o, 'sni_hosts', 'sniHosts');
    assert.deepEqual(posOf(o, 'sniHosts'), p(2, 3));
    assert.deepEqual(valuePosOf(o, 'sniHosts'), p(3, 5));
    const full = positionsOf(o)!;
    assert.deepEqual(full.keys!.get('sni_hosts'), p(2, 3));
    renameKey(o, 'sniHosts', 'renamedAgain');
    assert.deepEqual(valuePosOf(o, 'renamedAgain'), p(3, 5));
  });
});

describe('source texts', () => {
  test('offsets asked for in any order give the same lines and columns', () => {
    const forward = new SourceText('f.yaml', TEXT);
    const positions = [0, 5, 21, 22, 100, 209].map((o) => forward.position(o));
    assert.deepEqual(positions, [p(1, 1), p(1, 6), p(2, 1), p(2, 2), p(5, 17), p(10, 21)]);
    const backward = new SourceText('f.yaml', TEXT);
    assert.deepEqual([209, 100, 22, 21, 5, 0].map((o) => backward.position(o)), [...positions].reverse());
    assert.equal(backward.line(105), 6);
  });

  test('the decoder keeps exact positions in tall and wide files', () => {
    const tall = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join('\n') + '\n';
    const v = decodeText(tall, 'tall.yaml').documents[0].value;
    assert.deepEqual(valuePosOf(v, 'k19999'), p(20_000, 9, 'tall.yaml'));
    assert.deepEqual(posOf(v, 'k3'), p(4, 1, 'tall.yaml'));
    const wide = `a: ${'x'.repeat(70_000)}\nb: [1, 2]\nc: y\nd: {e: 1, f: ${'q'.repeat(66_000)}}\n`;
    const w = decodeText(wide, 'wide.yaml').documents[0].value as Record<string, unknown>;
    assert.deepEqual(valuePosOf(w.d, 'f'), p(4, 14, 'wide.yaml'));
    assert.deepEqual(posOf(w, 'd'), p(4, 1, 'wide.yaml'));
    assert.deepEqual(valuePosOf(w.b, 1), p(2, 8, 'wide.yaml'));
  });
});

describe('the full form', () => {
  test('setPositions replaces what was there', () => {
    const o = { a: 1 };
    attachPositions(o, newRecord(new SourceText('old.yaml', 'a: 1\n'), 0));
    setPositions(o, { self: p(9, 9, 'new.yaml'), keys: new Map([['a', p(9, 9, 'new.yaml')]]), values: new Map([['a', p(9, 12, 'new.yaml')]]) });
    assert.deepEqual(valuePosOf(o, 'a'), p(9, 12, 'new.yaml'));
    assert.deepEqual(posOf(o), p(9, 9, 'new.yaml'));
  });

  test('values without positions, and non-objects, have none', () => {
    assert.equal(posOf({}), undefined);
    assert.equal(positionsOf('text'), undefined);
    assert.equal(valuePosOf(null, 'a'), undefined);
    assert.equal(posOf(42, 'a'), undefined);
  });
});

describe('positions are invisible to the data', () => {
  test('decoded values compare, serialise and spread as plain data', () => {
    const { documents } = decodeText('a: 1\nb: [x, {c: 2}]\n', 'f.yaml');
    const v = documents[0].value as Record<string, unknown>;
    assert.deepEqual(v, { a: 1, b: ['x', { c: 2 }] });
    assert.equal(JSON.stringify(v), '{"a":1,"b":["x",{"c":2}]}');
    assert.deepEqual(Object.keys(v), ['a', 'b']);
    assert.equal(positionsOf({ ...v }), undefined, 'a spread copy carries no positions');
    assert.deepEqual(valuePosOf(v.b, 1), p(2, 8));
    assert.deepEqual(posOf((v.b as unknown[])[1], 'c'), p(2, 9));
  });
});
