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
import type { ObjectSchema, Schema } from './schema.ts';

export interface SchemaReporter {
  error(message: string, pos: Position | undefined, path: string): void;
  warn(message: string, pos: Position | undefined, path: string): void;
}

const hasOwn = Object.prototype.hasOwnProperty;
const requiredCache = new WeakMap<ObjectSchema, string[]>();

/** The required field names of an object schema, computed once per schema. */
function requiredFields(schema: ObjectSchema): string[] {
  let names = requiredCache.get(schema);
  if (!names) {
    names = Object.keys(schema.fields).filter((n) => schema.fields[n].required);
    requiredCache.set(schema, names);
  }
  return names;
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
 * Checks `value` (found at `parent[key]`) against `schema`. Returns the possibly rewritten value.
 */
export function checkValue(schema: Schema, value: unknown, path: string, parent: unknown, key: string | number, r: SchemaReporter): unknown {
  // Positions are looked up only when something is reported (this runs for every decoded value).
  switch (schema.t) {
    case 'any':
      return value;
    case 'string':
      if (typeof value !== 'string') {
        r.error(`${path}: expected a string, got ${typeName(value)}`, valuePosOf(parent, key), path);
      } else if (schema.pattern && !schema.pattern.test(value)) {
        r.error(`${path}: ${JSON.stringify(value)} ${schema.patternHint ?? 'has the wrong format'}`, valuePosOf(parent, key), path);
      }
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        r.error(`${path}: expected an integer, got ${typeName(value)}`, valuePosOf(parent, key), path);
      } else if ((schema.min !== undefined && value < schema.min) || (schema.max !== undefined && value > schema.max)) {
        r.error(`${path}: ${value} is out of range [${schema.min ?? '-∞'}, ${schema.max ?? '∞'}]`, valuePosOf(parent, key), path);
      }
      return value;
    case 'number':
      if (typeof value !== 'number') r.error(`${path}: expected a number, got ${typeName(value)}`, valuePosOf(parent, key), path);
      else if ((schema.min !== undefined && value < schema.min) || (schema.max !== undefined && value > schema.max)) {
        r.error(`${path}: ${value} is out of range [${schema.min ?? '-∞'}, ${schema.max ?? '∞'}]`, valuePosOf(parent, key), path);
      }
      return value;
    case 'bool':
      if (typeof value !== 'boolean') r.error(`${path}: expected true or false, got ${typeName(value)}`, valuePosOf(parent, key), path);
      return value;
    case 'duration':
      if (typeof value !== 'string') {
        r.error(`${path}: expected a duration such as "10s", "1.5s" or "100ms", got ${typeName(value)}`, valuePosOf(parent, key), path);
      } else if (parseDuration(value) === undefined) {
        r.error(`${path}: invalid duration ${JSON.stringify(value)}; write a number with a unit, such as "10s", "1.5s" or "100ms"`, valuePosOf(parent, key), path);
      }
      return value;
    case 'intOrString':
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
        r.error(`${path}: expected an integer or a string, got ${typeName(value)}`, valuePosOf(parent, key), path);
      }
      return value;
    case 'enum':
      if (typeof value !== 'string') {
        r.error(`${path}: expected one of ${schema.values.join(', ')}, got ${typeName(value)}`, valuePosOf(parent, key), path);
      } else if (!schema.values.includes(value)) {
        r.error(`${path}: unknown value ${JSON.stringify(value)}; expected one of ${schema.values.join(', ')}${didYouMean(value, schema.values)}`, valuePosOf(parent, key), path);
      } else if (schema.deprecatedValues?.[value]) {
        r.warn(`${path}: ${schema.deprecatedValues[value]}`, valuePosOf(parent, key), path);
      }
      return value;
    case 'list':
      if (!Array.isArray(value)) {
        r.error(`${path}: expected a list, got ${typeName(value)}`, valuePosOf(parent, key), path);
        return value;
      }
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (item === null) {
          r.error(`${path}[${i}]: empty list item`, valuePosOf(value, i), `${path}[${i}]`);
          continue;
        }
        value[i] = checkValue(schema.of, item, `${path}[${i}]`, value, i, r);
      }
      return value;
    case 'map':
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        r.error(`${path}: expected a map, got ${typeName(value)}`, valuePosOf(parent, key), path);
        return value;
      }
      for (const k of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[k];
        if (v === null && schema.of.t !== 'any') {
          // `key:` with no value in a string map reads as the empty string in Kubernetes.
          if (schema.of.t === 'string') (value as Record<string, unknown>)[k] = '';
          continue;
        }
        (value as Record<string, unknown>)[k] = checkValue(schema.of, v, `${path}.${k}`, value, k, r);
      }
      return value;
    case 'object':
      return checkObject(schema, value, path, parent, key, r);
  }
}

function checkObject(schema: ObjectSchema, value: unknown, path: string, parent: unknown, key: string | number, r: SchemaReporter): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    r.error(`${path}: expected an object, got ${typeName(value)}`, valuePosOf(parent, key), path);
    return value;
  }
  const o = value as Record<string, unknown>;
  const fields = schema.fields;
  for (const k of Object.keys(o)) {
    let name = k;
    if (!hasOwn.call(fields, k)) {
      const camel = toCamel(k);
      if (camel !== k && hasOwn.call(fields, camel)) {
        if (camel in o) {
          r.error(`${path}: both "${k}" and "${camel}" are set; they are the same field`, posOf(o, k), `${path}.${k}`);
        }
        o[camel] = o[k];
        delete o[k];
        renameKey(o, k, camel);
        name = camel;
      } else {
        if (!schema.open) {
          const where = path || 'the resource';
          r.error(`unknown field "${k}" in ${where}${didYouMean(k, Object.keys(fields))}`, posOf(o, k), path ? `${path}.${k}` : k);
        }
        continue;
      }
    }
    const fs = fields[name];
    const v = o[name];
    const p = path ? `${path}.${name}` : name;
    if (v === null) {
      delete o[name];
      continue;
    }
    if (fs.deprecated) r.warn(`${p} is deprecated: ${fs.deprecated}`, posOf(o, name), p);
    o[name] = checkValue(fs, v, p, o, name, r);
  }
  for (const name of requiredFields(schema)) {
    if (o[name] === undefined) {
      r.error(`${path ? path + ': ' : ''}missing required field "${name}"`, posOf(o), path ? `${path}.${name}` : name);
    }
  }
  if (schema.oneof) {
    for (const group of schema.oneof) {
      const set = group.filter((g) => o[g] !== undefined);
      if (set.length > 1) {
        r.error(`${path ? path + ': ' : ''}only one of ${group.map((g) => `"${g}"`).join(', ')} may be set, found ${set.map((g) => `"${g}"`).join(' and ')}`, posOf(o, set[1]), path);
      }
    }
  }
  return o;
}
