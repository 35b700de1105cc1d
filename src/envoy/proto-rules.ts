/**
 * The protoc-gen-validate rules Envoy annotates its protos with (`[(validate.rules).string = {min_len:
 * 1}]`, `message.required`, `repeated.min_items`, numeric ranges, duration bounds, oneof `required`),
 * checked against proto3 JSON values the way Envoy checks them before accepting a resource: a
 * resource that breaks one is NACKed by a real Envoy, so we report it first. A practical subset.
 */
import type protobuf from 'protobufjs';
import { parseProtoDuration, type IssueSink } from './well-known.ts';

type Rules = Record<string, any>;

const cache = new WeakMap<protobuf.Field, Rules | null>();

/** The `(validate.rules)` option of a field, or null. */
export function fieldRules(field: protobuf.Field): Rules | null {
  let r = cache.get(field);
  if (r !== undefined) return r;
  r = null;
  for (const opt of (field.parsedOptions ?? []) as Record<string, unknown>[]) {
    if (opt && typeof opt === 'object' && '(validate.rules)' in opt) r = { ...(r ?? {}), ...(opt['(validate.rules)'] as Rules) };
  }
  cache.set(field, r);
  return r;
}

/** True when the oneof carries `option (validate.required) = true`. */
export function oneofRequired(oneof: protobuf.OneOf): boolean {
  return oneof.options?.['(validate.required)'] === true;
}

const NUMERIC_KINDS = ['uint32', 'int32', 'uint64', 'int64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'double', 'float'];

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function checkNumber(r: Rules, v: number, path: string, issue: IssueSink): void {
  if (r.const !== undefined && v !== Number(r.const)) issue(path, `value must equal ${r.const}`);
  if (r.gt !== undefined && !(v > Number(r.gt))) issue(path, `value must be greater than ${r.gt}`);
  if (r.gte !== undefined && !(v >= Number(r.gte))) issue(path, `value must be greater than or equal to ${r.gte}`);
  if (r.lt !== undefined && !(v < Number(r.lt))) issue(path, `value must be less than ${r.lt}`);
  if (r.lte !== undefined && !(v <= Number(r.lte))) issue(path, `value must be less than or equal to ${r.lte}`);
  if (Array.isArray(r.in) && !r.in.map(Number).includes(v)) issue(path, `value must be one of [${r.in.join(', ')}]`);
  if (Array.isArray(r.not_in) && r.not_in.map(Number).includes(v)) issue(path, `value must not be one of [${r.not_in.join(', ')}]`);
}

const HEADER_NAME = /^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/;
const HEADER_VALUE_STRICT = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
const HEADER_VALUE_LOOSE = /^[^\u0000\u000A\u000D]*$/;

function checkString(r: Rules, v: string, path: string, issue: IssueSink): void {
  if (r.ignore_empty && v === '') return;
  const runes = [...v].length;
  const bytes = Buffer.byteLength(v);
  if (r.len !== undefined && runes !== Number(r.len)) issue(path, `value length must be ${r.len} runes`);
  if (r.min_len !== undefined && runes < Number(r.min_len)) issue(path, `value length must be at least ${r.min_len} runes`);
  if (r.max_len !== undefined && runes > Number(r.max_len)) issue(path, `value length must be at most ${r.max_len} runes`);
  if (r.min_bytes !== undefined && bytes < Number(r.min_bytes)) issue(path, `value length must be at least ${r.min_bytes} bytes`);
  if (r.max_bytes !== undefined && bytes > Number(r.max_bytes)) issue(path, `value length must be at most ${r.max_bytes} bytes`);
  if (r.prefix !== undefined && !v.startsWith(r.prefix)) issue(path, `value does not have prefix "${r.prefix}"`);
  if (r.suffix !== undefined && !v.endsWith(r.suffix)) issue(path, `value does not have suffix "${r.suffix}"`);
  if (r.contains !== undefined && !v.includes(r.contains)) issue(path, `value does not contain "${r.contains}"`);
  if (Array.isArray(r.in) && !r.in.includes(v)) issue(path, `value must be one of [${r.in.join(', ')}]`);
  if (Array.isArray(r.not_in) && r.not_in.includes(v)) issue(path, `value must not be one of [${r.not_in.join(', ')}]`);
  const strict = r.strict !== false;
  if (r.well_known_regex === 'HTTP_HEADER_NAME' && !(strict ? HEADER_NAME : HEADER_VALUE_LOOSE).test(v)) issue(path, 'value does not match regex pattern for an HTTP header name');
  if (r.well_known_regex === 'HTTP_HEADER_VALUE' && !(strict ? HEADER_VALUE_STRICT : HEADER_VALUE_LOOSE).test(v)) issue(path, 'value does not match regex pattern for an HTTP header value');
}

function durationNanos(v: unknown): number | undefined {
  if (typeof v === 'string') {
    const d = parseProtoDuration(v);
    return d ? d.seconds * 1e9 + d.nanos : undefined;
  }
  if (v && typeof v === 'object') {
    const o = v as { seconds?: unknown; nanos?: unknown };
    return Number(o.seconds ?? 0) * 1e9 + Number(o.nanos ?? 0);
  }
  return undefined;
}

function checkDuration(r: Rules, v: unknown, path: string, issue: IssueSink): void {
  const n = durationNanos(v);
  if (n === undefined) return;
  const bound = (key: string) => (r[key] !== undefined ? durationNanos(r[key]) : undefined);
  const gt = bound('gt');
  const gte = bound('gte');
  const lt = bound('lt');
  const lte = bound('lte');
  if (gt !== undefined && !(n > gt)) issue(path, `duration must be greater than ${gt / 1e9}s`);
  if (gte !== undefined && !(n >= gte)) issue(path, `duration must be greater than or equal to ${gte / 1e9}s`);
  if (lt !== undefined && !(n < lt)) issue(path, `duration must be less than ${lt / 1e9}s`);
  if (lte !== undefined && !(n <= lte)) issue(path, `duration must be less than or equal to ${lte / 1e9}s`);
}

/** Checks one scalar-or-message value against a rule set (not the repeated/map wrappers). */
function checkValue(rules: Rules, v: unknown, path: string, issue: IssueSink): void {
  if (rules.string && typeof v === 'string') checkString(rules.string, v, path, issue);
  for (const kind of NUMERIC_KINDS) {
    const n = rules[kind] ? asNumber(v) : undefined;
    if (rules[kind] && n !== undefined) checkNumber(rules[kind], n, path, issue);
  }
  if (rules.bool?.const !== undefined && v !== rules.bool.const) issue(path, `value must equal ${rules.bool.const}`);
  if (rules.duration) checkDuration(rules.duration, v, path, issue);
  if (rules.any?.in && v && typeof v === 'object') {
    const t = (v as { '@type'?: string })['@type'];
    if (t && !rules.any.in.includes(t)) issue(path, `type URL must be in the allow list [${rules.any.in.join(', ')}]`);
  }
}

export interface FieldFacts {
  /** The field is a message (presence is explicit). */
  isMessage: boolean;
  /** The field belongs to a oneof (only validated when set). */
  inOneof: boolean;
  repeated: boolean;
  map: boolean;
  /** The proto3 default for an absent scalar ('' / 0 / false). */
  defaultValue: unknown;
}

/**
 * Validates one field's JSON value (undefined = absent) against its PGV rules. Absent scalars are
 * checked at their default value, like protoc-gen-validate does; absent messages only for `required`.
 */
export function checkField(field: protobuf.Field, facts: FieldFacts, value: unknown, path: string, issue: IssueSink): void {
  const rules = fieldRules(field);
  if (!rules || rules.message?.skip) return;
  const absent = value === undefined;
  if (absent) {
    if (facts.inOneof) return;
    if (rules.message?.required || rules.duration?.required || rules.any?.required || rules.timestamp?.required) {
      issue(path, 'value is required');
      return;
    }
    if (facts.isMessage) return;
  }
  if (facts.repeated) {
    const items = Array.isArray(value) ? value : [];
    const r = rules.repeated ?? {};
    if (r.ignore_empty && items.length === 0) return;
    if (r.min_items !== undefined && items.length < Number(r.min_items)) issue(path, `value must contain at least ${r.min_items} item(s)`);
    if (r.max_items !== undefined && items.length > Number(r.max_items)) issue(path, `value must contain no more than ${r.max_items} item(s)`);
    if (r.unique && new Set(items.map((x) => JSON.stringify(x))).size !== items.length) issue(path, 'repeated value must contain unique items');
    if (r.items) items.forEach((x, i) => checkValue(r.items, x, `${path}[${i}]`, issue));
    return;
  }
  if (facts.map) {
    const n = value && typeof value === 'object' ? Object.keys(value).length : 0;
    const r = rules.map ?? {};
    if (r.min_pairs !== undefined && n < Number(r.min_pairs)) issue(path, `value must contain at least ${r.min_pairs} pair(s)`);
    if (r.max_pairs !== undefined && n > Number(r.max_pairs)) issue(path, `value must contain no more than ${r.max_pairs} pair(s)`);
    return;
  }
  checkValue(rules, absent ? facts.defaultValue : value, path, issue);
}
