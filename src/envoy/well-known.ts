/**
 * proto3 JSON mapping of Google's well-known types: Duration (`"1.500s"`), Timestamp (RFC 3339),
 * Struct/Value/ListValue (plain JSON), the wrapper types (bare scalars; 64-bit ones as strings),
 * FieldMask (`"a.b,c"`) and Empty. `wktFromJson` turns JSON into protobufjs object form (snake_case
 * fields, except protobufjs' bundled struct.proto which uses camelCase; ready for `Type.fromObject`) and reports problems; `wktToJson` turns a decoded message back.
 */

export type IssueSink = (path: string, message: string) => void;

const WRAPPERS: Record<string, 'number' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool' | 'string' | 'bytes'> = {
  '.google.protobuf.DoubleValue': 'number',
  '.google.protobuf.FloatValue': 'number',
  '.google.protobuf.Int32Value': 'int32',
  '.google.protobuf.UInt32Value': 'uint32',
  '.google.protobuf.Int64Value': 'int64',
  '.google.protobuf.UInt64Value': 'uint64',
  '.google.protobuf.BoolValue': 'bool',
  '.google.protobuf.StringValue': 'string',
  '.google.protobuf.BytesValue': 'bytes',
};

const HANDLED = new Set([
  ...Object.keys(WRAPPERS),
  '.google.protobuf.Duration',
  '.google.protobuf.Timestamp',
  '.google.protobuf.Struct',
  '.google.protobuf.Value',
  '.google.protobuf.ListValue',
  '.google.protobuf.FieldMask',
  '.google.protobuf.Empty',
]);

/** True for the well-known types with a special JSON form (Any is handled by the caller). */
export function isWellKnown(fullName: string): boolean {
  return HANDLED.has(fullName);
}

const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

/** `"1.5s"` → {seconds, nanos}; undefined when the syntax is wrong. */
export function parseProtoDuration(text: string): { seconds: number; nanos: number } | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const sign = m[1] ? -1 : 1;
  const seconds = Number(m[2]);
  if (seconds > 315_576_000_000) return undefined;
  const nanos = m[3] ? Number(m[3].padEnd(9, '0')) : 0;
  return { seconds: sign * seconds, nanos: sign * nanos };
}

/** Fractional seconds with 0, 3, 6 or 9 digits, the way protobuf's JSON printer writes them. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  const nine = String(Math.abs(nanos)).padStart(9, '0');
  if (nine.endsWith('000000')) return '.' + nine.slice(0, 3);
  if (nine.endsWith('000')) return '.' + nine.slice(0, 6);
  return '.' + nine;
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (v && typeof v === 'object' && 'toNumber' in v) return (v as { toNumber(): number }).toNumber();
  return 0;
}

export function formatProtoDurationParts(seconds: number, nanos: number): string {
  const neg = seconds < 0 || nanos < 0;
  return `${neg ? '-' : ''}${Math.abs(seconds)}${fraction(nanos)}s`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueFromJson(v: unknown, path: string, issue: IssueSink): Record<string, unknown> {
  if (v === null) return { nullValue: 0 };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) issue(path, 'a google.protobuf.Value number must be finite');
    return { numberValue: v };
  }
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map((x, i) => valueFromJson(x, `${path}[${i}]`, issue)) } };
  if (isPlainObject(v)) return { structValue: structFromJson(v, path, issue) };
  issue(path, `cannot represent ${typeof v} as google.protobuf.Value`);
  return { nullValue: 0 };
}

function structFromJson(v: Record<string, unknown>, path: string, issue: IssueSink): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) fields[k] = valueFromJson(x, `${path}.${k}`, issue);
  return { fields };
}

function wrapperFromJson(kind: string, v: unknown, path: string, issue: IssueSink): Record<string, unknown> {
  const bad = (what: string) => {
    issue(path, `expected ${what}, got ${JSON.stringify(v)}`);
    return {};
  };
  switch (kind) {
    case 'number':
      return typeof v === 'number' ? { value: v } : bad('a number');
    case 'int32':
      return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? { value: v } : bad('a 32-bit integer');
    case 'uint32':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 4294967295 ? { value: v } : bad('an unsigned 32-bit integer');
    case 'int64':
    case 'uint64': {
      const ok = (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v));
      if (ok && kind === 'uint64' && String(v).startsWith('-')) return bad('a non-negative integer');
      return ok ? { value: v } : bad('an integer (or a decimal string)');
    }
    case 'bool':
      return typeof v === 'boolean' ? { value: v } : bad('true or false');
    case 'string':
      return typeof v === 'string' ? { value: v } : bad('a string');
    default:
      return typeof v === 'string' ? { value: v } : bad('a base64 string');
  }
}

/** JSON → protobufjs object form for a well-known type. */
export function wktFromJson(fullName: string, v: unknown, path: string, issue: IssueSink): Record<string, unknown> {
  const wrapper = WRAPPERS[fullName];
  if (wrapper) return wrapperFromJson(wrapper, v, path, issue);
  switch (fullName) {
    case '.google.protobuf.Duration': {
      const d = typeof v === 'string' ? parseProtoDuration(v) : undefined;
      if (!d) issue(path, `expected a duration like "1s" or "0.250s", got ${JSON.stringify(v)}`);
      return d ?? {};
    }
    case '.google.protobuf.Timestamp': {
      const ms = typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : NaN;
      if (Number.isNaN(ms)) issue(path, `expected an RFC 3339 timestamp, got ${JSON.stringify(v)}`);
      return Number.isNaN(ms) ? {} : { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
    }
    case '.google.protobuf.Struct':
      if (!isPlainObject(v)) issue(path, 'expected a JSON object (google.protobuf.Struct)');
      return isPlainObject(v) ? structFromJson(v, path, issue) : { fields: {} };
    case '.google.protobuf.Value':
      return valueFromJson(v, path, issue);
    case '.google.protobuf.ListValue':
      if (!Array.isArray(v)) issue(path, 'expected a JSON array (google.protobuf.ListValue)');
      return { values: Array.isArray(v) ? v.map((x, i) => valueFromJson(x, `${path}[${i}]`, issue)) : [] };
    case '.google.protobuf.FieldMask':
      if (typeof v !== 'string') issue(path, 'expected a comma-separated string (google.protobuf.FieldMask)');
      return { paths: typeof v === 'string' && v ? v.split(',').map((p) => p.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())) : [] };
    default: // Empty
      if (!isPlainObject(v) || Object.keys(v).length > 0) issue(path, 'expected {} (google.protobuf.Empty)');
      return {};
  }
}

function valueToJson(m: Record<string, unknown>): unknown {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(m, k) && m[k] !== null && m[k] !== undefined;
  if (has('structValue')) return structToJson(m.structValue as Record<string, unknown>);
  if (has('listValue')) return ((m.listValue as { values?: Record<string, unknown>[] }).values ?? []).map(valueToJson);
  if (has('stringValue')) return m.stringValue;
  if (has('numberValue')) return m.numberValue;
  if (has('boolValue')) return m.boolValue;
  return null;
}

function structToJson(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = (m.fields ?? {}) as Record<string, Record<string, unknown>>;
  for (const k of Object.keys(fields)) out[k] = valueToJson(fields[k]);
  return out;
}

/** A decoded message of a well-known type → its proto3 JSON value. */
export function wktToJson(fullName: string, m: Record<string, unknown>): unknown {
  const wrapper = WRAPPERS[fullName];
  if (wrapper) {
    const v = m.value;
    if (wrapper === 'int64' || wrapper === 'uint64') return String(v ?? 0);
    if (wrapper === 'bytes') return Buffer.from((v as Uint8Array | undefined) ?? []).toString('base64');
    return v ?? (wrapper === 'bool' ? false : wrapper === 'string' ? '' : 0);
  }
  switch (fullName) {
    case '.google.protobuf.Duration':
      return formatProtoDurationParts(num(m.seconds), num(m.nanos));
    case '.google.protobuf.Timestamp': {
      const seconds = num(m.seconds);
      const nanos = num(m.nanos);
      const base = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '');
      return `${base}${fraction(nanos)}Z`;
    }
    case '.google.protobuf.Struct':
      return structToJson(m);
    case '.google.protobuf.Value':
      return valueToJson(m);
    case '.google.protobuf.ListValue':
      return ((m.values ?? []) as Record<string, unknown>[]).map(valueToJson);
    case '.google.protobuf.FieldMask':
      return ((m.paths ?? []) as string[]).map((p) => p.replace(/_([a-z])/g, (_x, c: string) => c.toUpperCase())).join(',');
    default:
      return {};
  }
}
