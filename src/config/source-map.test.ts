/** Source positions: compact records from the decoder, the full form on demand, renames and duplicates. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeText } from './decode.ts';
import { addItem, addKey, attachPositions, mapRecord, posOf, positionsOf, renameKey, seqRecord, setPositions, valuePosOf } from './source-map.ts';

const p = (line: number, col: number, file = 'f.yaml') => ({ file, line, col });

describe('compact records', () => {
  test('a mapping: key, value and self positions', () => {
    const o = { a: 1, b: 2 };
    const rec = mapRecord('f.yaml', 3, 5);
    addKey(rec, 'a', 3, 5, 3, 8);
    addKey(rec, 'b', 4, 5, 4, 8);
    attachPositions(o, rec);
    assert.deepEqual(posOf(o), p(3, 5));
    assert.deepEqual(posOf(o, 'b'), p(4, 5));
    assert.deepEqual(valuePosOf(o, 'b'), p(4, 8));
    assert.deepEqual(posOf(o, 'missing'), p(3, 5), 'unknown keys fall back to the object');
    assert.deepEqual(valuePosOf(o, 0), p(3, 5), 'an index into a mapping falls back to the object');
  });

  test('a sequence: item positions', () => {
    const list = ['x', 'y'];
    const rec = seqRecord('f.yaml', 7, 3);
    rec.push(7, 5, 8, 5);
    attachPositions(list, rec);
    assert.deepEqual(posOf(list, 1), p(8, 5));
    assert.deepEqual(valuePosOf(list, 0), p(7, 5));
    assert.deepEqual(posOf(list, 2), p(7, 3), 'out of range falls back to the sequence');
    assert.deepEqual(posOf(list, 'a'), p(7, 3));
  });

  test('a repeated key: the last entry wins, as in the full form', () => {
    const o = { a: 2 };
    const rec = mapRecord('f.yaml', 1, 1);
    addKey(rec, 'a', 1, 1, 1, 4);
    addKey(rec, 'a', 2, 1, 2, 4);
    attachPositions(o, rec);
    assert.deepEqual(valuePosOf(o, 'a'), p(2, 4));
    assert.deepEqual(positionsOf(o)!.keys!.get('a'), p(2, 1));
    assert.deepEqual([...positionsOf(o)!.keys!.keys()], ['a']);
  });

  test('renameKey keeps both names, before and after expansion', () => {
    const o: Record<string, unknown> = { sni_hosts: ['a'] };
    const rec = mapRecord('f.yaml', 1, 1);
    addKey(rec, 'sni_hosts', 2, 3, 3, 5);
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

describe('packed records', () => {
  test('line:col packed in one number read back the same', () => {
    const o = { a: 1 };
    const rec = mapRecord('f.yaml', 16_383, 65_535, true);
    addKey(rec, 'a', 16_383, 1, 9, 65_535);
    attachPositions(o, rec);
    assert.deepEqual(posOf(o, 'a'), p(16_383, 1));
    assert.deepEqual(valuePosOf(o, 'a'), p(9, 65_535));
    renameKey(o, 'a', 'b');
    assert.deepEqual(valuePosOf(o, 'b'), p(9, 65_535));
    const list = [1, 2];
    const seq = seqRecord('f.yaml', 1, 1, true);
    addItem(seq, 2, 3);
    addItem(seq, 4, 5);
    attachPositions(list, seq);
    assert.deepEqual(positionsOf(list)!.items, [p(2, 3), p(4, 5)]);
  });

  test('the decoder packs small files and keeps long or wide ones exact', () => {
    const tall = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join('\n') + '\n';
    const v = decodeText(tall, 'tall.yaml').documents[0].value;
    assert.deepEqual(valuePosOf(v, 'k19999'), p(20_000, 9, 'tall.yaml'));
    const wide = `a: ${'x'.repeat(70_000)}\nb: [1, 2]\nc: y\nd: {e: 1, f: ${'q'.repeat(66_000)}}\n`;
    const w = decodeText(wide, 'wide.yaml').documents[0].value as Record<string, unknown>;
    assert.deepEqual(valuePosOf(w.d, 'f'), p(4, 14, 'wide.yaml'));
    assert.deepEqual(posOf(w, 'd'), p(4, 1, 'wide.yaml'));
  });
});

describe('the full form', () => {
  test('setPositions replaces what was there', () => {
    const o = { a: 1 };
    attachPositions(o, mapRecord('old.yaml', 1, 1));
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
