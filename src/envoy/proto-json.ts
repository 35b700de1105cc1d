/**
 * proto3 JSON (camelCase, as Envoy's config_dump prints it) ⇄ protobuf, over the protobufjs Root of
 * proto-root.ts. `jsonToMessage` is strict: unknown fields, snake_case spellings, wrong value types,
 * two members of one oneof, an unknown Any `@type` and broken protoc-gen-validate rules are reported
 * with a JSON path; Any values are checked recursively by their `@type`. `messageToJson` prints a
 * decoded message the way protobuf's JSON printer does (implicit-presence defaults omitted).
 */
import protobuf from 'protobufjs';
import { closest } from '../common/suggest.ts';
import { findMessageType } from './proto-root.ts';
import { checkField, fieldRules, oneofRequired, type FieldFacts } from './proto-rules.ts';
import { isWellKnown, wktFromJson, wktToJson } from './well-known.ts';

export interface ProtoIssue {
  /** JSON path from the resource root, e.g. `filterChains[0].filters[0].typedConfig.statPrefix`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

interface Ctx {
  issues: ProtoIssue[];
}

interface FieldTable {
  byJson: Map<string, protobuf.Field>;
  byProto: Map<string, protobuf.Field>;
  /** Fields carrying protoc-gen-validate rules, with what checkField needs to know about them. */
  ruled: { field: protobuf.Field; facts: FieldFacts; jsonName: string }[];
  /** Oneofs that can be violated (more than one member, or required). */
  oneofs: protobuf.OneOf[];
  fields: protobuf.Field[];
  /** `.pkg.Type` (protobufjs recomputes fullName on every access). */
  fullName: string;
  special: 'any' | 'wkt' | null;
}

const tables = new WeakMap<protobuf.Type, FieldTable>();

/** protoc's json_name: drop underscores, upper-case the character after one. */
export function protoJsonName(name: string): string {
  let out = '';
  let upper = false;
  for (const ch of name) {
    if (ch === '_') upper = true;
    else {
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
  }
  return out;
}

export function jsonNameOf(field: protobuf.Field): string {
  const explicit = field.options?.json_name;
  return typeof explicit === 'string' ? explicit : protoJsonName(field.name);
}

function table(type: protobuf.Type): FieldTable {
  let t = tables.get(type);
  if (!t) {
    const fullName = type.fullName;
    const special = fullName === '.google.protobuf.Any' ? 'any' : isWellKnown(fullName) ? 'wkt' : null;
    t = { byJson: new Map(), byProto: new Map(), ruled: [], oneofs: type.oneofsArray.filter((o) => o.fieldsArray.length > 1 || oneofRequired(o)), fullName, special, fields: type.fieldsArray };
    for (const f of type.fieldsArray) {
      f.resolve();
      t.byJson.set(jsonNameOf(f), f);
      t.byProto.set(f.name, f);
      if (fieldRules(f)) t.ruled.push({ field: f, facts: facts(f), jsonName: jsonNameOf(f) });
    }
    tables.set(type, t);
  }
  return t;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeUrlName(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

/** Synthetic oneofs of proto3 `optional` fields do not count as real oneofs. */
function realOneof(field: protobuf.Field): protobuf.OneOf | null {
  const o = field.partOf;
  if (!o) return null;
  return o.fieldsArray.length === 1 && o.name.startsWith('_') && field.options?.proto3_optional ? null : o;
}

function facts(field: protobuf.Field): FieldFacts {
  const isMessage = field.resolvedType instanceof protobuf.Type;
  let defaultValue: unknown = 0;
  if (field.type === 'string' || field.type === 'bytes') defaultValue = '';
  else if (field.type === 'bool') defaultValue = false;
  return { isMessage, inOneof: field.partOf !== null, repeated: field.repeated, map: field.map, defaultValue };
}

// ---------- JSON → protobufjs object form ----------

const INT32 = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32 = new Set(['uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);

function scalarFromJson(kind: string, v: unknown, path: string, ctx: Ctx): unknown {
  const bad = (what: string) => {
    ctx.issues.push({ path, severity: 'error', message: `expected ${what}, got ${JSON.stringify(v)}` });
    return undefined;
  };
  if (kind === 'string') return typeof v === 'string' ? v : bad('a string');
  if (kind === 'bool') return typeof v === 'boolean' ? v : bad('true or false');
  if (kind === 'bytes') return typeof v === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(v) ? v : bad('a base64 string');
  if (kind === 'double' || kind === 'float') {
    if (typeof v === 'number') return v;
    return v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : bad('a number');
  }
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) return bad('an integer');
  const unsigned = UINT32.has(kind) || kind === 'uint64' || kind === 'fixed64';
  if (unsigned && n < 0) return bad('a non-negative integer');
  if (INT32.has(kind) && (n < -2147483648 || n > 2147483647)) return bad('a 32-bit integer');
  if (UINT32.has(kind) && n > 4294967295) return bad('an unsigned 32-bit integer');
  return INT64.has(kind) ? (typeof v === 'string' ? v : n) : n;
}

function enumFromJson(e: protobuf.Enum, v: unknown, path: string, ctx: Ctx): unknown {
  if (typeof v === 'string' && v in e.values) return v;
  if (typeof v === 'number' && Number.isInteger(v) && v in e.valuesById) return v;
  const hint = typeof v === 'string' ? closest(v, Object.keys(e.values)) : undefined;
  ctx.issues.push({ path, severity: 'error', message: `invalid value ${JSON.stringify(v)} for enum ${e.name}${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${Object.keys(e.values).join(', ')}` });
  return undefined;
}

function singleFromJson(field: protobuf.Field, v: unknown, path: string, ctx: Ctx): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) return typeFromJson(rt, v, path, ctx);
  if (rt instanceof protobuf.Enum) return enumFromJson(rt, v, path, ctx);
  return scalarFromJson(field.type, v, path, ctx);
}

function fieldFromJson(field: protobuf.Field, v: unknown, path: string, ctx: Ctx): unknown {
  if (field.map) {
    if (!isPlainObject(v)) return void ctx.issues.push({ path, severity: 'error', message: 'expected a JSON object (map field)' });
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const keyKind = (field as unknown as protobuf.MapField).keyType;
      if (keyKind !== 'string' && !/^-?\d+$/.test(k) && keyKind !== 'bool') ctx.issues.push({ path: `${path}[${JSON.stringify(k)}]`, severity: 'error', message: `map key must be a ${keyKind}` });
      if (x !== undefined && x !== null) out[k] = singleFromJson(field, x, `${path}[${JSON.stringify(k)}]`, ctx);
    }
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(v)) return void ctx.issues.push({ path, severity: 'error', message: 'expected a JSON array (repeated field)' });
    return v.map((x, i) => singleFromJson(field, x, `${path}[${i}]`, ctx));
  }
  return singleFromJson(field, v, path, ctx);
}

function anyFromJson(v: unknown, path: string, ctx: Ctx): Record<string, unknown> | undefined {
  if (!isPlainObject(v)) return void ctx.issues.push({ path, severity: 'error', message: 'expected an object with "@type" (google.protobuf.Any)' });
  const url = v['@type'];
  if (typeof url !== 'string' || url === '') return void ctx.issues.push({ path, severity: 'error', message: 'google.protobuf.Any needs a "@type"' });
  const inner = findMessageType(typeUrlName(url));
  if (!inner) return void ctx.issues.push({ path: join(path, '@type'), severity: 'error', message: `unknown type URL "${url}"` });
  const { '@type': _t, ...rest } = v;
  const innerTable = table(inner);
  const body = innerTable.special === 'wkt' ? wktFromJson(innerTable.fullName, rest.value, join(path, 'value'), (p, m) => ctx.issues.push({ path: p, message: m, severity: 'error' })) : typeFromJson(inner, rest, path, ctx);
  let value: Uint8Array = new Uint8Array();
  try {
    value = inner.encode(inner.fromObject(body ?? {})).finish();
  } catch (e) {
    ctx.issues.push({ path, severity: 'error', message: `cannot encode ${innerTable.fullName}: ${(e as Error).message}` });
  }
  return { type_url: url, value };
}

/** Converts proto3 JSON for `type` into protobufjs object form, recording issues in ctx. */
export function typeFromJson(type: protobuf.Type, v: unknown, path: string, ctx: Ctx): Record<string, unknown> | undefined {
  const t = table(type);
  if (t.special === 'any') return anyFromJson(v, path, ctx);
  if (t.special === 'wkt') return wktFromJson(t.fullName, v, path, (p, m) => ctx.issues.push({ path: p, message: m, severity: 'error' }));
  if (!isPlainObject(v)) return void ctx.issues.push({ path, severity: 'error', message: `expected an object (${t.fullName.slice(1)}), got ${JSON.stringify(v)}` });
  const out: Record<string, unknown> = {};
  const seen = new Map<protobuf.Field, unknown>();
  for (const [key, value] of Object.entries(v)) {
    if (value === undefined || value === null) continue;
    const p = join(path, key);
    const field = t.byJson.get(key);
    if (!field) {
      const snake = t.byProto.get(key);
      const hint = snake ? ` (write it in camelCase: "${jsonNameOf(snake)}")` : key === '@type' ? ' ("@type" belongs only in a google.protobuf.Any)' : suggest(key, t);
      ctx.issues.push({ path: p, severity: 'error', message: `unknown field "${key}" in ${t.fullName.slice(1)}${hint}` });
      continue;
    }
    if (field.options?.deprecated) ctx.issues.push({ path: p, severity: 'warning', message: `field "${key}" of ${t.fullName.slice(1)} is deprecated` });
    out[field.name] = fieldFromJson(field, value, p, ctx);
    seen.set(field, value);
  }
  checkOneofs(t.oneofs, seen, path, ctx);
  for (const r of t.ruled) {
    checkField(r.field, r.facts, seen.get(r.field), join(path, r.jsonName), (p, m) => ctx.issues.push({ path: p, message: m, severity: 'error' }));
  }
  return out;
}

function suggest(key: string, t: FieldTable): string {
  const c = closest(key, t.byJson.keys());
  return c ? ` (did you mean "${c}"?)` : '';
}

function checkOneofs(oneofs: protobuf.OneOf[], seen: Map<protobuf.Field, unknown>, path: string, ctx: Ctx): void {
  for (const oneof of oneofs) {
    const set = oneof.fieldsArray.filter((f) => seen.has(f) && realOneof(f));
    if (set.length > 1) ctx.issues.push({ path, severity: 'error', message: `fields ${set.map((f) => `"${jsonNameOf(f)}"`).join(' and ')} are alternatives (oneof ${oneof.name}): set only one` });
    if (set.length === 0 && oneofRequired(oneof)) ctx.issues.push({ path, severity: 'error', message: `one of ${oneof.fieldsArray.map((f) => `"${jsonNameOf(f)}"`).join(', ')} is required (oneof ${oneof.name})` });
  }
}

/** Strictly converts and encodes proto3 JSON; returns the bytes (when encodable) and the issues. */
export function jsonToMessage(type: protobuf.Type, json: unknown, path = ''): { bytes?: Uint8Array; issues: ProtoIssue[] } {
  const ctx: Ctx = { issues: [] };
  const obj = typeFromJson(type, json, path, ctx);
  if (ctx.issues.some((i) => i.severity === 'error') || obj === undefined) return { issues: ctx.issues };
  return { bytes: type.encode(type.fromObject(obj)).finish(), issues: ctx.issues };
}

// ---------- decoded message → JSON ----------

function scalarToJson(kind: string, v: unknown): unknown {
  if (INT64.has(kind)) return String(v);
  if (kind === 'bytes') return Buffer.from(v as Uint8Array).toString('base64');
  if ((kind === 'double' || kind === 'float') && typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}

function singleToJson(field: protobuf.Field, v: unknown): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) return messageToJson(rt, v as Record<string, unknown>);
  if (rt instanceof protobuf.Enum) return rt.valuesById[v as number] ?? v;
  return scalarToJson(field.type, v);
}

function isDefault(field: protobuf.Field, v: unknown): boolean {
  if (field.resolvedType instanceof protobuf.Type || field.partOf) return false;
  if (field.resolvedType instanceof protobuf.Enum) return v === 0;
  if (field.type === 'bytes') return (v as Uint8Array).length === 0;
  if (INT64.has(field.type)) return String(v) === '0';
  return v === 0 || v === '' || v === false;
}

function anyToJson(m: Record<string, unknown>): Record<string, unknown> {
  const url = String(m.type_url ?? '');
  const bytes = (m.value as Uint8Array | undefined) ?? new Uint8Array();
  const inner = findMessageType(typeUrlName(url));
  if (!inner) return { '@type': url, value: Buffer.from(bytes).toString('base64') };
  const decoded = inner.decode(bytes) as unknown as Record<string, unknown>;
  const innerTable = table(inner);
  if (innerTable.special === 'wkt') return { '@type': url, value: wktToJson(innerTable.fullName, decoded) };
  return { '@type': url, ...(messageToJson(inner, decoded) as Record<string, unknown>) };
}

/** A decoded protobufjs message → proto3 JSON (camelCase; Any expanded by `@type`). */
export function messageToJson(type: protobuf.Type, m: Record<string, unknown>): unknown {
  const t = table(type);
  if (t.special === 'any') return anyToJson(m);
  if (t.special === 'wkt') return wktToJson(t.fullName, m);
  const out: Record<string, unknown> = {};
  for (const field of t.fields) {
    if (!Object.prototype.hasOwnProperty.call(m, field.name)) continue;
    const v = m[field.name];
    if (v === null || v === undefined) continue;
    if (field.map) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) continue;
      out[jsonNameOf(field)] = Object.fromEntries(entries.map(([k, x]) => [k, singleToJson(field, x)]));
    } else if (field.repeated) {
      if ((v as unknown[]).length === 0) continue;
      out[jsonNameOf(field)] = (v as unknown[]).map((x) => singleToJson(field, x));
    } else if (!isDefault(field, v)) {
      out[jsonNameOf(field)] = singleToJson(field, v);
    }
  }
  return out;
}
