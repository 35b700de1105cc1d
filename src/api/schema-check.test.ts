/** Strict schema checks: every schema type, unknown fields with suggestions, renames, nulls, oneofs. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeText } from '../config/decode.ts';
import { checkValue, type SchemaReporter } from './schema-check.ts';
import { any, bool, deprecated, duration, enumOf, int, intOrString, list, map, num, obj, required, str, stringMap, uint32, type Schema } from './schema.ts';

interface Seen {
  severity: 'Error' | 'Warning';
  message: string;
  at: string;
  path: string;
}

/** Decodes `yaml` (positions included), checks `root` against `schema`, returns the rewritten value and what was reported. */
function check(schema: Schema, yaml: string): { value: unknown; seen: Seen[] } {
  const root = decodeText(yaml, 'f.yaml').documents[0].value;
  const seen: Seen[] = [];
  const push = (severity: Seen['severity']) => (message: string, p: { line: number; col: number } | undefined, path: string): void => {
    seen.push({ severity, message, at: p ? `${p.line}:${p.col}` : '-', path });
  };
  const r: SchemaReporter = { error: push('Error'), warn: push('Warning') };
  const holder = { v: root };
  const value = checkValue(schema, root, 'v', holder, 'v', r);
  return { value, seen };
}

const errors = (s: Seen[]): string[] => s.filter((x) => x.severity === 'Error').map((x) => `${x.at} ${x.message}`);

describe('scalars', () => {
  const s = obj({
    name: str({ pattern: /^[a-z]+$/, patternHint: 'must be lower-case letters' }),
    count: int({ min: 1, max: 10 }),
    ratio: num({ min: 0, max: 1 }),
    on: bool(),
    wait: duration(),
    port: intOrString(),
    big: uint32(),
  });

  test('good values pass', () => {
    assert.deepEqual(check(s, 'name: abc\ncount: 3\nratio: 0.5\n"on": true\nwait: 1.5s\nport: http\nbig: 4294967295\n').seen, []);
    assert.deepEqual(check(s, 'port: 8080\n').seen, []);
  });

  test('wrong types and ranges, at the value', () => {
    const { seen } = check(s, 'name: ABC\ncount: 11\nratio: "x"\n"on": yes please\nwait: "10"\nport: 1.5\nbig: -1\n');
    assert.deepEqual(errors(seen), [
      '1:7 v.name: "ABC" must be lower-case letters',
      '2:8 v.count: 11 is out of range [1, 10]',
      '3:8 v.ratio: expected a number, got string "x"',
      '4:7 v.on: expected true or false, got string "yes please"',
      '5:7 v.wait: invalid duration "10"; write a number with a unit, such as "10s", "1.5s" or "100ms"',
      '6:7 v.port: expected an integer or a string, got number 1.5',
      '7:6 v.big: -1 is out of range [0, 4294967295]',
    ]);
  });

  test('a duration must be a string', () => {
    assert.deepEqual(errors(check(obj({ wait: duration() }), 'wait: 5\n').seen), ['1:7 v.wait: expected a duration such as "10s", "1.5s" or "100ms", got number 5']);
  });

  test('an integer must be whole', () => {
    assert.deepEqual(errors(check(obj({ num: int() }), 'num: 2.5\n').seen), ['1:6 v.num: expected an integer, got number 2.5']);
  });
});

describe('enums', () => {
  const s = obj({ mode: enumOf(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const), lb: enumOf(['ROUND_ROBIN', 'LEAST_CONN', 'LEAST_REQUEST'] as const, { deprecatedValues: { LEAST_CONN: 'LEAST_CONN is deprecated; use LEAST_REQUEST' } }) });

  test('an unknown value lists the choices and suggests the nearest', () => {
    assert.deepEqual(errors(check(s, 'mode: MUTAL\n').seen), ['1:7 v.mode: unknown value "MUTAL"; expected one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL (did you mean "MUTUAL"?)']);
    assert.deepEqual(errors(check(s, 'mode: 3\n').seen), ['1:7 v.mode: expected one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL, got number 3']);
  });

  test('a deprecated value is a warning', () => {
    assert.deepEqual(check(s, 'lb: LEAST_CONN\n').seen, [{ severity: 'Warning', message: 'v.lb: LEAST_CONN is deprecated; use LEAST_REQUEST', at: '1:5', path: 'v.lb' }]);
  });
});

describe('objects', () => {
  const s = obj({ hosts: required(list(str())), exportTo: list(str()), forwardOriginalToken: bool(), old: deprecated(str(), 'use new'), sniHosts: list(str()) }, { oneof: [['exportTo', 'old']] });

  test('unknown fields are errors at the key, with a did-you-mean', () => {
    const { seen } = check(s, 'hosts: [a]\nforwardOriginalTolen: true\n');
    assert.deepEqual(seen, [{ severity: 'Error', message: 'unknown field "forwardOriginalTolen" in v (did you mean "forwardOriginalToken"?)', at: '2:1', path: 'v.forwardOriginalTolen' }]);
  });

  test('missing required fields are reported at the object', () => {
    assert.deepEqual(errors(check(s, 'exportTo: ["*"]\n').seen), ['1:1 v: missing required field "hosts"']);
  });

  test('snake_case names are the same fields, renamed in place', () => {
    const { value, seen } = check(s, 'hosts: [a]\nsni_hosts: [b]\n');
    assert.deepEqual(seen, []);
    assert.deepEqual(value, { hosts: ['a'], sniHosts: ['b'] });
    assert.deepEqual(errors(check(s, 'hosts: [a]\nsni_hosts: [b]\nsniHosts: [c]\n').seen), ['2:1 v: both "sni_hosts" and "sniHosts" are set; they are the same field']);
  });

  test('null values are dropped, as Kubernetes treats them as absent', () => {
    const { value, seen } = check(s, 'hosts: [a]\nexportTo:\n');
    assert.deepEqual(seen, []);
    assert.deepEqual(value, { hosts: ['a'] });
  });

  test('a deprecated field is a warning at its key; oneof allows one', () => {
    const { seen } = check(s, 'hosts: [a]\nexportTo: [x]\nold: yy\n');
    assert.deepEqual(seen.map((x) => `${x.severity} ${x.at} ${x.message}`), ['Warning 3:1 v.old is deprecated: use new', 'Error 3:1 v: only one of "exportTo", "old" may be set, found "exportTo" and "old"']);
  });

  test('open objects accept anything; inherited names are not fields', () => {
    assert.deepEqual(check(obj({}, { open: true }), 'anything: 1\n').seen, []);
    assert.deepEqual(errors(check(obj({ a: str() }), 'toString: x\n').seen), ['1:1 unknown field "toString" in v']);
  });

  test('`__proto__` is an unknown field like any other', () => {
    assert.deepEqual(errors(check(obj({ a: str() }), '__proto__: {a: 1}\n').seen), ['1:1 unknown field "__proto__" in v']);
  });

  test('the wrong shape instead of an object', () => {
    assert.deepEqual(errors(check(obj({ fault: obj({}) }), 'fault:\n- abort: {}\n').seen), ['2:1 v.fault: expected an object, got a list']);
  });
});

describe('lists and maps', () => {
  test('list items are checked in place; empty items are errors', () => {
    const { seen } = check(obj({ ports: list(int()) }), 'ports:\n- 80\n-\n- "x"\n');
    assert.deepEqual(errors(seen), ['3:2 v.ports[1]: empty list item', '4:3 v.ports[2]: expected an integer, got string "x"']);
    assert.deepEqual(errors(check(obj({ ports: list(int()) }), 'ports: 80\n').seen), ['1:8 v.ports: expected a list, got number 80']);
  });

  test('maps check every value; an empty value in a string map is the empty string', () => {
    const { value, seen } = check(obj({ labels: stringMap, nums: map(int()), raw: map(any()) }), 'labels: {a: x, b: }\nnums: {a: "1"}\nraw: {x: [1], z: }\n');
    assert.deepEqual(errors(seen), ['2:11 v.nums.a: expected an integer, got string "1"']);
    assert.deepEqual((value as any).labels, { a: 'x', b: '' });
    assert.deepEqual((value as any).raw, { x: [1], z: null });
    assert.deepEqual(errors(check(obj({ labels: stringMap }), 'labels: [a]\n').seen), ['1:9 v.labels: expected a map, got a list']);
  });
});
