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
import type { Schema } from './schema.ts';

export interface SchemaReporter {
  error(message: string, pos: Position | undefined, path: string): void;
  warn(message: string, pos: Position | undefined, path: string): void;
}

/** Schema kinds, as small integers: the checker switches on one field of one shape (see Plan). */
const ANY = 0;
const STRING = 1;
const INT = 2;
const NUMBER = 3;
const BOOL = 4;
const DURATION = 5;
const INT_OR_STRING = 6;
const ENUM = 7;
const LIST = 8;
const MAP = 9;
const OBJECT = 10;
const KINDS: Readonly<Record<Schema['t'], number>> = {
  any: ANY, string: STRING, int: INT, number: NUMBER, bool: BOOL, duration: DURATION, intOrString: INT_OR_STRING, enum: ENUM, list: LIST, map: MAP, object: OBJECT,
};

/**
 * A schema compiled once into one internal shape, whatever its kind: the checker reads the same
 * fields of the same class for every value instead of switching over a dozen object shapes. Object
 * schemas keep their fields in a Map (a lookup per key) and their required names.
 */
class Plan {
  readonly kind: number;
  readonly deprecated: string | undefined;
  readonly pattern: RegExp | undefined;
  readonly patternHint: string | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly values: readonly string[];
  readonly deprecatedValues: Readonly<Record<string, string>> | undefined;
  readonly open: boolean;
  readonly oneof: readonly (readonly string[])[] | undefined;
  /** The field names, in the schema's order (for did-you-mean). */
  readonly names: string[];
  readonly required: string[];
  /** Items of a list, entries of a map; set by planOf() right after construction. */
  of: Plan | undefined = undefined;
  readonly fields = new Map<string, Plan>();
  /**
   * The keys of the last object checked against the schema, in order, with what `fields` gave for
   * each: objects of one schema mostly list the same keys, so a key is first compared with the one
   * at its place last time (interned strings: a pointer comparison) before the Map is asked.
   */
  readonly lastKeys: string[] = [];
  readonly lastFields: (Plan | undefined)[] = [];

  constructor(s: Schema) {
    this.kind = KINDS[s.t];
    this.deprecated = s.deprecated;
    this.pattern = s.t === 'string' ? s.pattern : undefined;
    this.patternHint = s.t === 'string' ? s.patternHint : undefined;
    this.min = s.t === 'int' || s.t === 'number' ? s.min : undefined;
    this.max = s.t === 'int' || s.t === 'number' ? s.max : undefined;
    this.values = s.t === 'enum' ? s.values : [];
    this.deprecatedValues = s.t === 'enum' ? s.deprecatedValues : undefined;
    this.open = s.t === 'object' && s.open === true;
    this.oneof = s.t === 'object' ? s.oneof : undefined;
    this.names = s.t === 'object' ? Object.keys(s.fields) : [];
    this.required = s.t === 'object' ? this.names.filter((n) => s.fields[n].required) : [];
  }
}
/** How many keys of an object the plan remembers (see Plan.lastKeys). */
const REMEMBERED_KEYS = 32;
const plans = new WeakMap<Schema, Plan>();

/** The plan of a schema, compiled on first use (registered before its parts, so a cycle ends). */
function planOf(schema: Schema): Plan {
  let plan = plans.get(schema);
  if (!plan) {
    plan = new Plan(schema);
    plans.set(schema, plan);
    if (schema.t === 'list' || schema.t === 'map') plan.of = planOf(schema.of);
    else if (schema.t === 'object') for (const n of plan.names) plan.fields.set(n, planOf(schema.fields[n]));
  }
  return plan;
}

const SNAKE = /_([a-z0-9])/g;
const toCamel = (s: string): string => s.replace(SNAKE, (_, c: string) => c.toUpperCase());

/** A YAML mapping: a non-null object that is not a list. */
function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

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
  // One checker serves every call (its path stack then stays grown); a call made while it is busy
  // (from a reporter) gets its own.
  const c = idle ?? new Checker();
  idle = undefined;
  try {
    c.start(path, r).check(planOf(schema), value, key, ROOT, parent);
  } finally {
    c.start('', NO_REPORTER);
    idle = c;
  }
  return value;
}

const NO_REPORTER: SchemaReporter = { error: () => {}, warn: () => {} };
let idle: Checker | undefined;

/**
 * One walk of a value. The path of the container being checked is kept as a stack of keys and joins
 * and written out only when a message needs it: this runs for every decoded value, and almost every
 * value is fine.
 */
class Checker {
  private readonly keys: (string | number)[] = [];
  private readonly joins: Join[] = [];
  private depth = 0;
  private root = '';
  private r = NO_REPORTER;

  /** Readies the checker for a value at `root`, reporting to `r`. */
  start(root: string, r: SchemaReporter): this {
    this.root = root;
    this.r = r;
    this.depth = 0;
    return this;
  }

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
  check(schema: Plan, value: unknown, key: string | number, join: Join, parent: unknown): void {
    switch (schema.kind) {
      case ANY:
        return;
      case STRING:
        if (typeof value !== 'string') {
          this.report(`expected a string, got ${typeName(value)}`, key, join, parent);
        } else if (schema.pattern && !schema.pattern.test(value)) {
          this.report(`${JSON.stringify(value)} ${schema.patternHint ?? 'has the wrong format'}`, key, join, parent);
        }
        return;
      case INT:
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          this.report(`expected an integer, got ${typeName(value)}`, key, join, parent);
        } else if ((schema.min !== undefined && value < schema.min) || (schema.max !== undefined && value > schema.max)) {
          this.report(`${value} is out of range [${schema.min ?? '-∞'}, ${schema.max ?? '∞'}]`, key, join, parent);
        }
        return;
      case NUMBER:
        if (typeof value !== 'number') this.report(`expected a number, got ${typeName(value)}`, key, join, parent);
        else if ((schema.min !== undefined && value < schema.min) || (schema.max !== undefined && value > schema.max)) {
          this.report(`${value} is out of range [${schema.min ?? '-∞'}, ${schema.max ?? '∞'}]`, key, join, parent);
        }
        return;
      case BOOL:
        if (typeof value !== 'boolean') this.report(`expected true or false, got ${typeName(value)}`, key, join, parent);
        return;
      case DURATION:
        if (typeof value !== 'string') {
          this.report(`expected a duration such as "10s", "1.5s" or "100ms", got ${typeName(value)}`, key, join, parent);
        } else if (parseDuration(value) === undefined) {
          this.report(`invalid duration ${JSON.stringify(value)}; write a number with a unit, such as "10s", "1.5s" or "100ms"`, key, join, parent);
        }
        return;
      case INT_OR_STRING:
        if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
          this.report(`expected an integer or a string, got ${typeName(value)}`, key, join, parent);
        }
        return;
      case ENUM:
        this.checkEnum(schema, value, key, join, parent);
        return;
      case LIST:
        this.enter(key, join);
        this.checkList(schema, value, parent, key);
        this.leave(join);
        return;
      case MAP:
        this.enter(key, join);
        this.checkMap(schema, value, parent, key);
        this.leave(join);
        return;
      case OBJECT:
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

  /** A container of the wrong type at the current path (entered already): `path: expected …, got …`. */
  private mismatch(expected: string, value: unknown, parent: unknown, key: string | number): void {
    const path = this.path();
    this.r.error(`${path}: expected ${expected}, got ${typeName(value)}`, valuePosOf(parent, key), path);
  }

  private checkEnum(schema: Plan, value: unknown, key: string | number, join: Join, parent: unknown): void {
    if (typeof value !== 'string') {
      this.report(`expected one of ${schema.values.join(', ')}, got ${typeName(value)}`, key, join, parent);
    } else if (!schema.values.includes(value)) {
      this.report(`unknown value ${JSON.stringify(value)}; expected one of ${schema.values.join(', ')}${didYouMean(value, schema.values)}`, key, join, parent);
    } else if (schema.deprecatedValues?.[value]) {
      const path = joinPath(this.path(), key, join);
      this.r.warn(`${path}: ${schema.deprecatedValues[value]}`, valuePosOf(parent, key), path);
    }
  }

  private checkList(schema: Plan, value: unknown, parent: unknown, key: string | number): void {
    if (!Array.isArray(value)) {
      this.mismatch('a list', value, parent, key);
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null) {
        const path = this.path();
        this.r.error(`${path}[${i}]: empty list item`, valuePosOf(value, i), `${path}[${i}]`);
        continue;
      }
      this.check(schema.of!, item, i, ITEM, value);
    }
  }

  private checkMap(schema: Plan, value: unknown, parent: unknown, key: string | number): void {
    if (!isMapping(value)) {
      this.mismatch('a map', value, parent, key);
      return;
    }
    const m = value as Record<string, unknown>;
    const of = schema.of!;
    for (const k in m) {
      const v = m[k];
      if (v === null && of.kind !== ANY) {
        // `key:` with no value in a string map reads as the empty string in Kubernetes.
        if (of.kind === STRING) m[k] = '';
        continue;
      }
      this.check(of, v, k, ENTRY, m);
    }
  }

  private checkObject(plan: Plan, value: unknown, parent: unknown, key: string | number): void {
    if (!isMapping(value)) {
      this.mismatch('an object', value, parent, key);
      return;
    }
    const o = value as Record<string, unknown>;
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
      let fs: Plan | undefined;
      if (lastKeys[n] === k) fs = lastFields[n];
      else {
        fs = fields.get(k);
        if (n < REMEMBERED_KEYS) {
          lastKeys[n] = k;
          lastFields[n] = fs;
        }
      }
      n++;
      if (fs !== undefined) {
        // `o[k]` with the for-in variable itself: V8 then reads the field through the enum cache.
        this.field(fs, o, k, o[k]);
        continue;
      }
      {
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
          if (!plan.open) {
            const path = this.path();
            const where = path || 'the resource';
            this.r.error(`unknown field "${k}" in ${where}${didYouMean(k, plan.names)}`, posOf(o, k), path ? `${path}.${k}` : k);
          }
          continue;
        }
      }
      this.field(fs, o, name, o[name]);
    }
    const required = plan.required;
    for (let i = 0; i < required.length; i++) {
      const name = required[i];
      if (o[name] === undefined) {
        const path = this.path();
        this.r.error(`${path ? path + ': ' : ''}missing required field "${name}"`, posOf(o), path ? `${path}.${name}` : name);
      }
    }
    if (plan.oneof) this.checkOneofs(plan.oneof, o);
  }

  /** Checks field `name` of `o` (schema `fs`), whose value is `v`: removed when null. */
  private field(fs: Plan, o: Record<string, unknown>, name: string, v: unknown): void {
    if (v === null) {
      delete o[name];
      return;
    }
    if (fs.deprecated) {
      const p = joinPath(this.path(), name, FIELD);
      this.r.warn(`${p} is deprecated: ${fs.deprecated}`, posOf(o, name), p);
    }
    this.check(fs, v, name, FIELD, o);
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
