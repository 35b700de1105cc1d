/**
 * Strict checking of a decoded value against a schema (schema.ts): unknown fields with a
 * did-you-mean, wrong types, enum values, oneofs, required fields, durations, deprecations.
 * snake_case field names are renamed in place to their camelCase proto3 JSON names and
 * `null` values are removed (Kubernetes treats them as absent). Never throws.
 */
import type { Position } from '../config/diagnostic.ts';
import { posOf, renameKey, valuePosOf } from '../config/source-map.ts';
import { parseDuration } from '../common/duration.ts';
import { didYouMean } from '../common/suggest.ts';
import type { EnumSchema, ListSchema, MapSchema, ObjectSchema, Schema } from './schema.ts';

export interface SchemaReporter {
  error(message: string, pos: Position | undefined, path: string): void;
  warn(message: string, pos: Position | undefined, path: string): void;
}

/** What checkObject needs of an object schema, computed once per schema: its fields in a Map (a lookup per key), the required ones. */
interface ObjectPlan {
  fields: Map<string, Schema>;
  required: string[];
}
const plans = new WeakMap<ObjectSchema, ObjectPlan>();

function planOf(schema: ObjectSchema): ObjectPlan {
  let plan = plans.get(schema);
  if (!plan) {
    const names = Object.keys(schema.fields);
    plan = { fields: new Map(names.map((n) => [n, schema.fields[n]])), required: names.filter((n) => schema.fields[n].required) };
    plans.set(schema, plan);
  }
  return plan;
}

const SNAKE = /_([a-z0-9])/g;
const toCamel = (s: string): string => s.replace(SNAKE, (_, c: string) => c.toUpperCase());

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * How a value's path is written from its parent's: PRECOMPUTED (the path is given whole), FIELD
 * (`parent.key`, or `key` at the root) for object fields, ENTRY (`parent.key`) for map entries,
 * ITEM (`parent[i]`) for list items. Paths are built only when a message needs one or a container
 * recurses into its children: this runs for every decoded value, and almost every value is fine.
 */
const PRECOMPUTED = 0;
const FIELD = 1;
const ENTRY = 2;
const ITEM = 3;
type Join = typeof PRECOMPUTED | typeof FIELD | typeof ENTRY | typeof ITEM;

function joinPath(base: string, key: string | number, join: Join): string {
  switch (join) {
    case PRECOMPUTED:
      return base;
    case FIELD:
      return base ? `${base}.${key}` : String(key);
    case ENTRY:
      return `${base}.${key}`;
    case ITEM:
      return `${base}[${key}]`;
  }
}

/**
 * Checks `value` (found at `parent[key]`, at `path`) against `schema`. Returns the value (renames
 * and removals happen in place).
 */
export function checkValue(schema: Schema, value: unknown, path: string, parent: unknown, key: string | number, r: SchemaReporter): unknown {
  check(schema, value, path, key, PRECOMPUTED, parent, r);
  return value;
}

/** checkValue with the path given as `joinPath(base, key, join)`; positions are looked up only when something is reported. */
function check(schema: Schema, value: unknown, base: string, key: string | number, join: Join, parent: unknown, r: SchemaReporter): void {
  switch (schema.t) {
    case 'any':
      return;
    case 'string':
      if (typeof value !== 'string') {
        report(r, `expected a string, got ${typeName(value)}`, base, key, join, parent);
      } else if (schema.pattern && !schema.pattern.test(value)) {
        report(r, `${JSON.stringify(value)} ${schema.patternHint ?? 'has the wrong format'}`, base, key, join, parent);
      }
      return;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        report(r, `expected an integer, got ${typeName(value)}`, base, key, join, parent);
      } else if ((schema.min !== undefined && value < schema.min) || (schema.max !== undefined && value > schema.max)) {
        report(r, `${value} is out of range [${schema.min ?? '-∞'}, ${schema.max ?? '∞'}]`, base, key, join, parent);
      }
      return;
    case 'number':
      if (typeof value !== 'number') report(r, `expected a number, got ${typeName(value)}`, base, key, join, parent);
      else if ((schema.min !== undefined && value < schema.min) || (schema.max !== undefined && value > schema.max)) {
        report(r, `${value} is out of range [${schema.min ?? '-∞'}, ${schema.max ?? '∞'}]`, base, key, join, parent);
      }
      return;
    case 'bool':
      if (typeof value !== 'boolean') report(r, `expected true or false, got ${typeName(value)}`, base, key, join, parent);
      return;
    case 'duration':
      if (typeof value !== 'string') {
        report(r, `expected a duration such as "10s", "1.5s" or "100ms", got ${typeName(value)}`, base, key, join, parent);
      } else if (parseDuration(value) === undefined) {
        report(r, `invalid duration ${JSON.stringify(value)}; write a number with a unit, such as "10s", "1.5s" or "100ms"`, base, key, join, parent);
      }
      return;
    case 'intOrString':
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
        report(r, `expected an integer or a string, got ${typeName(value)}`, base, key, join, parent);
      }
      return;
    case 'enum':
      checkEnum(schema, value, base, key, join, parent, r);
      return;
    case 'list':
      checkList(schema, value, joinPath(base, key, join), parent, key, r);
      return;
    case 'map':
      checkMap(schema, value, joinPath(base, key, join), parent, key, r);
      return;
    case 'object':
      checkObject(schema, value, joinPath(base, key, join), parent, key, r);
      return;
  }
}

/** An error about the value at `joinPath(base, key, join)`, found at `parent[key]`: `path: message`. */
function report(r: SchemaReporter, message: string, base: string, key: string | number, join: Join, parent: unknown): void {
  const path = joinPath(base, key, join);
  r.error(`${path}: ${message}`, valuePosOf(parent, key), path);
}

function checkEnum(schema: EnumSchema, value: unknown, base: string, key: string | number, join: Join, parent: unknown, r: SchemaReporter): void {
  if (typeof value !== 'string') {
    report(r, `expected one of ${schema.values.join(', ')}, got ${typeName(value)}`, base, key, join, parent);
  } else if (!schema.values.includes(value)) {
    report(r, `unknown value ${JSON.stringify(value)}; expected one of ${schema.values.join(', ')}${didYouMean(value, schema.values)}`, base, key, join, parent);
  } else if (schema.deprecatedValues?.[value]) {
    const path = joinPath(base, key, join);
    r.warn(`${path}: ${schema.deprecatedValues[value]}`, valuePosOf(parent, key), path);
  }
}

function checkList(schema: ListSchema, value: unknown, path: string, parent: unknown, key: string | number, r: SchemaReporter): void {
  if (!Array.isArray(value)) {
    r.error(`${path}: expected a list, got ${typeName(value)}`, valuePosOf(parent, key), path);
    return;
  }
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (item === null) {
      r.error(`${path}[${i}]: empty list item`, valuePosOf(value, i), `${path}[${i}]`);
      continue;
    }
    check(schema.of, item, path, i, ITEM, value, r);
  }
}

function checkMap(schema: MapSchema, value: unknown, path: string, parent: unknown, key: string | number, r: SchemaReporter): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    r.error(`${path}: expected a map, got ${typeName(value)}`, valuePosOf(parent, key), path);
    return;
  }
  const m = value as Record<string, unknown>;
  const of = schema.of;
  for (const k in m) {
    const v = m[k];
    if (v === null && of.t !== 'any') {
      // `key:` with no value in a string map reads as the empty string in Kubernetes.
      if (of.t === 'string') m[k] = '';
      continue;
    }
    check(of, v, path, k, ENTRY, m, r);
  }
}

function checkObject(schema: ObjectSchema, value: unknown, path: string, parent: unknown, key: string | number, r: SchemaReporter): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    r.error(`${path}: expected an object, got ${typeName(value)}`, valuePosOf(parent, key), path);
    return;
  }
  const o = value as Record<string, unknown>;
  const plan = planOf(schema);
  const fields = plan.fields;
  // for-in rather than Object.keys: no array per object (this runs for every decoded object). A key
  // a rename adds is skipped explicitly, whether or not the engine would visit it; one that was
  // already there is visited, as with Object.keys.
  let renamed: Set<string> | undefined;
  for (const k in o) {
    if (renamed?.has(k)) continue;
    let name = k;
    let fs = fields.get(k);
    if (fs === undefined) {
      const camel = toCamel(k);
      fs = camel !== k ? fields.get(camel) : undefined;
      if (fs !== undefined) {
        const both = camel in o;
        if (both) {
          r.error(`${path}: both "${k}" and "${camel}" are set; they are the same field`, posOf(o, k), `${path}.${k}`);
        }
        // Positions first: deferred ones are recorded by matching the keys as they were decoded.
        renameKey(o, k, camel);
        o[camel] = o[k];
        delete o[k];
        if (!both) (renamed ??= new Set()).add(camel);
        name = camel;
      } else {
        if (!schema.open) {
          const where = path || 'the resource';
          r.error(`unknown field "${k}" in ${where}${didYouMean(k, Object.keys(schema.fields))}`, posOf(o, k), path ? `${path}.${k}` : k);
        }
        continue;
      }
    }
    const v = o[name];
    if (v === null) {
      delete o[name];
      continue;
    }
    if (fs.deprecated) {
      const p = joinPath(path, name, FIELD);
      r.warn(`${p} is deprecated: ${fs.deprecated}`, posOf(o, name), p);
    }
    check(fs, v, path, name, FIELD, o, r);
  }
  const required = plan.required;
  for (let i = 0; i < required.length; i++) {
    const name = required[i];
    if (o[name] === undefined) {
      r.error(`${path ? path + ': ' : ''}missing required field "${name}"`, posOf(o), path ? `${path}.${name}` : name);
    }
  }
  if (schema.oneof) checkOneofs(schema.oneof, o, path, r);
}

function checkOneofs(oneof: readonly (readonly string[])[], o: Record<string, unknown>, path: string, r: SchemaReporter): void {
  for (const group of oneof) {
    let count = 0;
    for (const g of group) if (o[g] !== undefined) count++;
    if (count < 2) continue;
    const set = group.filter((g) => o[g] !== undefined);
    r.error(`${path ? path + ': ' : ''}only one of ${group.map((g) => `"${g}"`).join(', ')} may be set, found ${set.map((g) => `"${g}"`).join(' and ')}`, posOf(o, set[1]), path);
  }
}
