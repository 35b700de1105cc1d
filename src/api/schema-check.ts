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
  /**
   * The keys of the last object checked against the schema, in order, with what `fields` gave for
   * each: objects of one schema mostly list the same keys, so a key is first compared with the one
   * at its place last time (interned strings: a pointer comparison) before the Map is asked.
   */
  lastKeys: string[];
  lastFields: (Schema | undefined)[];
}
/** How many keys of an object the plan remembers (see ObjectPlan.lastKeys). */
const REMEMBERED_KEYS = 32;
const plans = new WeakMap<ObjectSchema, ObjectPlan>();

function planOf(schema: ObjectSchema): ObjectPlan {
  let plan = plans.get(schema);
  if (!plan) {
    const names = Object.keys(schema.fields);
    plan = { fields: new Map(names.map((n) => [n, schema.fields[n]])), required: names.filter((n) => schema.fields[n].required), lastKeys: [], lastFields: [] };
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
 * How a value's path is written from its parent's: FIELD (`parent.key`, or `key` at the root) for
 * object fields, ENTRY (`parent.key`) for map entries, ITEM (`parent[i]`) for list items; ROOT for
 * the value checkValue() was given, whose path is given whole.
 */
const ROOT = 0;
const FIELD = 1;
const ENTRY = 2;
const ITEM = 3;
type Join = typeof ROOT | typeof FIELD | typeof ENTRY | typeof ITEM;

function joinPath(base: string, key: string | number, join: Join): string {
  switch (join) {
    case ROOT:
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
  new Checker(path, r).check(schema, value, key, ROOT, parent);
  return value;
}

/**
 * One walk of a value. The path of the container being checked is kept as a stack of keys and joins
 * and written out only when a message needs it: this runs for every decoded value, and almost every
 * value is fine.
 */
class Checker {
  private readonly keys: (string | number)[] = [];
  private readonly joins: Join[] = [];
  private depth = 0;

  constructor(
    private readonly root: string,
    private readonly r: SchemaReporter,
  ) {}

  /** The path of the container being checked. */
  private path(): string {
    let p = this.root;
    for (let i = 0; i < this.depth; i++) p = joinPath(p, this.keys[i], this.joins[i]);
    return p;
  }

  private enter(key: string | number, join: Join): void {
    if (join === ROOT) return;
    this.keys[this.depth] = key;
    this.joins[this.depth] = join;
    this.depth++;
  }

  private leave(join: Join): void {
    if (join !== ROOT) this.depth--;
  }

  /** Checks the value found at `parent[key]`, whose path is `joinPath(container path, key, join)`. */
  check(schema: Schema, value: unknown, key: string | number, join: Join, parent: unknown): void {
    switch (schema.t) {
      case 'any':
        return;
      case 'string':
        if (typeof value !== 'string') {
          this.report(`expected a string, got ${typeName(value)}`, key, join, parent);
        } else if (schema.pattern && !schema.pattern.test(value)) {
          this.report(`${JSON.stringify(value)} ${schema.patternHint ?? 'has the wrong format'}`, key, join, parent);
        }
        return;
      case 'int':
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          this.report(`expected an integer, got ${typeName(value)}`, key, join, parent);
        } else if ((schema.min !== undefined && value < schema.min) || (schema.max !== undefined && value > schema.max)) {
          this.report(`${value} is out of range [${schema.min ?? '-∞'}, ${schema.max ?? '∞'}]`, key, join, parent);
        }
        return;
      case 'number':
        if (typeof value !== 'number') this.report(`expected a number, got ${typeName(value)}`, key, join, parent);
        else if ((schema.min !== undefined && value < schema.min) || (schema.max !== undefined && value > schema.max)) {
          this.report(`${value} is out of range [${schema.min ?? '-∞'}, ${schema.max ?? '∞'}]`, key, join, parent);
        }
        return;
      case 'bool':
        if (typeof value !== 'boolean') this.report(`expected true or false, got ${typeName(value)}`, key, join, parent);
        return;
      case 'duration':
        if (typeof value !== 'string') {
          this.report(`expected a duration such as "10s", "1.5s" or "100ms", got ${typeName(value)}`, key, join, parent);
        } else if (parseDuration(value) === undefined) {
          this.report(`invalid duration ${JSON.stringify(value)}; write a number with a unit, such as "10s", "1.5s" or "100ms"`, key, join, parent);
        }
        return;
      case 'intOrString':
        if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
          this.report(`expected an integer or a string, got ${typeName(value)}`, key, join, parent);
        }
        return;
      case 'enum':
        this.checkEnum(schema, value, key, join, parent);
        return;
      case 'list':
        this.enter(key, join);
        this.checkList(schema, value, parent, key);
        this.leave(join);
        return;
      case 'map':
        this.enter(key, join);
        this.checkMap(schema, value, parent, key);
        this.leave(join);
        return;
      case 'object':
        this.enter(key, join);
        this.checkObject(schema, value, parent, key);
        this.leave(join);
        return;
    }
  }

  /** An error about the value at `parent[key]` (path: the container's path joined with `key`): `path: message`. */
  private report(message: string, key: string | number, join: Join, parent: unknown): void {
    const path = joinPath(this.path(), key, join);
    this.r.error(`${path}: ${message}`, valuePosOf(parent, key), path);
  }

  private checkEnum(schema: EnumSchema, value: unknown, key: string | number, join: Join, parent: unknown): void {
    if (typeof value !== 'string') {
      this.report(`expected one of ${schema.values.join(', ')}, got ${typeName(value)}`, key, join, parent);
    } else if (!schema.values.includes(value)) {
      this.report(`unknown value ${JSON.stringify(value)}; expected one of ${schema.values.join(', ')}${didYouMean(value, schema.values)}`, key, join, parent);
    } else if (schema.deprecatedValues?.[value]) {
      const path = joinPath(this.path(), key, join);
      this.r.warn(`${path}: ${schema.deprecatedValues[value]}`, valuePosOf(parent, key), path);
    }
  }

  private checkList(schema: ListSchema, value: unknown, parent: unknown, key: string | number): void {
    if (!Array.isArray(value)) {
      const path = this.path();
      this.r.error(`${path}: expected a list, got ${typeName(value)}`, valuePosOf(parent, key), path);
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null) {
        const path = this.path();
        this.r.error(`${path}[${i}]: empty list item`, valuePosOf(value, i), `${path}[${i}]`);
        continue;
      }
      this.check(schema.of, item, i, ITEM, value);
    }
  }

  private checkMap(schema: MapSchema, value: unknown, parent: unknown, key: string | number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const path = this.path();
      this.r.error(`${path}: expected a map, got ${typeName(value)}`, valuePosOf(parent, key), path);
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
      this.check(of, v, k, ENTRY, m);
    }
  }

  private checkObject(schema: ObjectSchema, value: unknown, parent: unknown, key: string | number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const path = this.path();
      this.r.error(`${path}: expected an object, got ${typeName(value)}`, valuePosOf(parent, key), path);
      return;
    }
    const o = value as Record<string, unknown>;
    const plan = planOf(schema);
    const fields = plan.fields;
    // for-in rather than Object.keys: no array per object (this runs for every decoded object). A key
    // a rename adds is skipped explicitly, whether or not the engine would visit it; one that was
    // already there is visited, as with Object.keys.
    let renamed: Set<string> | undefined;
    const lastKeys = plan.lastKeys;
    const lastFields = plan.lastFields;
    let n = 0;
    for (const k in o) {
      if (renamed?.has(k)) continue;
      let name = k;
      let fs: Schema | undefined;
      if (lastKeys[n] === k) fs = lastFields[n];
      else {
        fs = fields.get(k);
        if (n < REMEMBERED_KEYS) {
          lastKeys[n] = k;
          lastFields[n] = fs;
        }
      }
      n++;
      if (fs === undefined) {
        const camel = toCamel(k);
        fs = camel !== k ? fields.get(camel) : undefined;
        if (fs !== undefined) {
          const both = camel in o;
          if (both) {
            const path = this.path();
            this.r.error(`${path}: both "${k}" and "${camel}" are set; they are the same field`, posOf(o, k), `${path}.${k}`);
          }
          // Positions first: deferred ones are recorded by matching the keys as they were decoded.
          renameKey(o, k, camel);
          o[camel] = o[k];
          delete o[k];
          if (!both) (renamed ??= new Set()).add(camel);
          name = camel;
        } else {
          if (!schema.open) {
            const path = this.path();
            const where = path || 'the resource';
            this.r.error(`unknown field "${k}" in ${where}${didYouMean(k, Object.keys(schema.fields))}`, posOf(o, k), path ? `${path}.${k}` : k);
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
        const p = joinPath(this.path(), name, FIELD);
        this.r.warn(`${p} is deprecated: ${fs.deprecated}`, posOf(o, name), p);
      }
      this.check(fs, v, name, FIELD, o);
    }
    const required = plan.required;
    for (let i = 0; i < required.length; i++) {
      const name = required[i];
      if (o[name] === undefined) {
        const path = this.path();
        this.r.error(`${path ? path + ': ' : ''}missing required field "${name}"`, posOf(o), path ? `${path}.${name}` : name);
      }
    }
    if (schema.oneof) this.checkOneofs(schema.oneof, o);
  }

  private checkOneofs(oneof: readonly (readonly string[])[], o: Record<string, unknown>): void {
    for (const group of oneof) {
      let count = 0;
      for (const g of group) if (o[g] !== undefined) count++;
      if (count < 2) continue;
      const path = this.path();
      const set = group.filter((g) => o[g] !== undefined);
      this.r.error(`${path ? path + ': ' : ''}only one of ${group.map((g) => `"${g}"`).join(', ')} may be set, found ${set.map((g) => `"${g}"`).join(' and ')}`, posOf(o, set[1]), path);
    }
  }
}
