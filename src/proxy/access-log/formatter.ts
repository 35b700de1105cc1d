/**
 * Envoy's substitution format strings compiled once into formatters: text formats
 * (`[%START_TIME%] "%REQ(:METHOD)% ..."`) and JSON formats (a Struct whose string values hold
 * operators; one JSON object per line, keys sorted as Envoy prints a Struct).
 */
import { ConfigError } from '../config/config-error.ts';
import { compileOperator, type Getter } from './operators.ts';
import type { StreamInfo } from './stream-info.ts';

export type TextFormatter = (info: StreamInfo) => string;
export type Warn = (message: string) => void;

type Part = string | Getter;

const NAME = /^[A-Z0-9_]+/;

/** Parses `format` into literal strings and getters; `%%` is a literal percent sign. */
export function parseFormat(format: string, warn: Warn = () => {}): Part[] {
  const parts: Part[] = [];
  let lit = '';
  let i = 0;
  while (i < format.length) {
    const c = format[i];
    if (c !== '%') {
      lit += c;
      i++;
      continue;
    }
    if (format[i + 1] === '%') {
      lit += '%';
      i += 2;
      continue;
    }
    const m = NAME.exec(format.slice(i + 1));
    if (!m) throw new ConfigError(`invalid format string "${format}": lone % at ${i} (write %% for a percent sign)`);
    const name = m[0];
    let j = i + 1 + name.length;
    let arg: string | undefined;
    if (format[j] === '(') {
      const close = format.indexOf(')', j);
      if (close < 0) throw new ConfigError(`invalid format string: %${name}( is not closed`);
      arg = format.slice(j + 1, close);
      j = close + 1;
    }
    let max = 0;
    if (format[j] === ':') {
      const dm = /^:(\d+)/.exec(format.slice(j));
      if (!dm) throw new ConfigError(`invalid format string: bad length after %${name}`);
      max = parseInt(dm[1], 10);
      j += dm[0].length;
    }
    if (format[j] !== '%') throw new ConfigError(`invalid format string: %${name} is not closed by %`);
    let getter = compileOperator(name, arg);
    if (!getter) {
      warn(`unsupported command operator %${name}% prints "-"`);
      getter = () => undefined;
    }
    if (max > 0) {
      const inner = getter;
      getter = (info) => inner(info)?.slice(0, max);
    }
    if (lit) parts.push(lit);
    lit = '';
    parts.push(getter);
    i = j + 1;
  }
  if (lit) parts.push(lit);
  return parts;
}

export function compileTextFormat(format: string, warn?: Warn): TextFormatter {
  const parts = parseFormat(format, warn);
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const s = parts[0];
    return () => s;
  }
  return (info) => {
    let out = '';
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      if (typeof p === 'string') out += p;
      else {
        const v = p(info);
        out += v === undefined || v === '' ? '-' : v;
      }
    }
    return out;
  };
}

type JsonField = { prefix: string; value: TextFormatter | string; literal: boolean };

/** Compiles a jsonFormat Struct into a one-line JSON formatter (with trailing newline). */
export function compileJsonFormat(struct: Record<string, unknown>, omitEmpty: boolean, warn?: Warn): TextFormatter {
  if (!struct || typeof struct !== 'object' || Array.isArray(struct)) throw new ConfigError('jsonFormat must be an object');
  const body = compileJsonObject(struct, omitEmpty, warn);
  return (info) => body(info) + '\n';
}

function compileJsonObject(struct: Record<string, unknown>, omitEmpty: boolean, warn?: Warn): TextFormatter {
  const fields: JsonField[] = [];
  for (const key of Object.keys(struct).sort()) {
    const v = struct[key];
    const prefix = JSON.stringify(key) + ':';
    if (typeof v === 'string') {
      const parts = parseFormat(v, warn);
      const literal = parts.every((p) => typeof p === 'string');
      fields.push({ prefix, value: literal ? JSON.stringify(v) : compileTextFormat(v, warn), literal });
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      fields.push({ prefix, value: compileJsonObject(v as Record<string, unknown>, omitEmpty, warn), literal: true });
    } else {
      fields.push({ prefix, value: JSON.stringify(v), literal: true });
    }
  }
  return (info) => {
    let out = '{';
    let first = true;
    for (const f of fields) {
      let text: string;
      if (typeof f.value === 'string') text = f.value;
      else if (f.literal) text = f.value(info);
      else {
        const s = f.value(info);
        if (omitEmpty && (s === '-' || s === '')) continue;
        text = JSON.stringify(s);
      }
      out += (first ? '' : ',') + f.prefix + text;
      first = false;
    }
    return out + '}';
  };
}
