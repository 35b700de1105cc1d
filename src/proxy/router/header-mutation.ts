/**
 * Header additions and removals (`request_headers_to_add`, `response_headers_to_remove`, ...)
 * compiled once, with Envoy's append actions and `%COMMAND%` values evaluated per request.
 * Request headers are Node's header object; response headers are a flat `[name, value, ...]`
 * array with lower-case names.
 */
import type { HeaderValueOption } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';
import type { StreamInfo } from '../access-log/stream-info.ts';
import { compileTextFormat, type TextFormatter } from '../access-log/formatter.ts';

export type Action = 'APPEND_IF_EXISTS_OR_ADD' | 'ADD_IF_ABSENT' | 'OVERWRITE_IF_EXISTS_OR_ADD' | 'OVERWRITE_IF_EXISTS';

export interface HeaderAdd {
  name: string;
  literal: string | undefined;
  format: TextFormatter | undefined;
  action: Action;
  keepEmpty: boolean;
}

export interface HeaderMutations {
  adds: HeaderAdd[];
  removes: string[];
}

export type RequestHeaders = Record<string, string | string[] | undefined>;

export const NO_MUTATIONS: HeaderMutations = Object.freeze({ adds: [], removes: [] }) as HeaderMutations;

const ACTIONS = new Set(['APPEND_IF_EXISTS_OR_ADD', 'ADD_IF_ABSENT', 'OVERWRITE_IF_EXISTS_OR_ADD', 'OVERWRITE_IF_EXISTS']);

export function compileMutations(adds: HeaderValueOption[] | undefined, removes: string[] | undefined): HeaderMutations {
  if ((!adds || adds.length === 0) && (!removes || removes.length === 0)) return NO_MUTATIONS;
  const out: HeaderMutations = { adds: [], removes: (removes ?? []).map((r) => String(r).toLowerCase()) };
  for (const opt of adds ?? []) {
    const h = opt?.header;
    if (!h || typeof h.key !== 'string' || h.key === '') throw new ConfigError('header to add has no key');
    const legacy = opt.append;
    const action: Action = opt.appendAction ?? (legacy === false ? 'OVERWRITE_IF_EXISTS_OR_ADD' : 'APPEND_IF_EXISTS_OR_ADD');
    if (!ACTIONS.has(action)) throw new ConfigError(`unknown appendAction "${String(action)}"`);
    const value = h.value ?? '';
    const dynamic = value.includes('%');
    out.adds.push({ name: h.key.toLowerCase(), literal: dynamic ? undefined : value, format: dynamic ? compileTextFormat(value) : undefined, action, keepEmpty: opt.keepEmptyValue === true });
  }
  return out;
}

/** Concatenates mutation lists in application order (e.g. route, virtual host, route config). */
export function concatMutations(...lists: HeaderMutations[]): HeaderMutations {
  const nonEmpty = lists.filter((l) => l.adds.length > 0 || l.removes.length > 0);
  if (nonEmpty.length === 0) return NO_MUTATIONS;
  if (nonEmpty.length === 1) return nonEmpty[0];
  return { adds: nonEmpty.flatMap((l) => l.adds), removes: nonEmpty.flatMap((l) => l.removes) };
}

function valueOf(a: HeaderAdd, info: StreamInfo): string {
  return a.literal ?? a.format!(info);
}

export function applyRequestMutations(m: HeaderMutations, headers: RequestHeaders, info: StreamInfo): void {
  for (const r of m.removes) delete headers[r];
  for (const a of m.adds) {
    const v = valueOf(a, info);
    if (v === '' && !a.keepEmpty) continue;
    const cur = headers[a.name];
    if (cur === undefined) {
      if (a.action !== 'OVERWRITE_IF_EXISTS') headers[a.name] = v;
    } else if (a.action === 'APPEND_IF_EXISTS_OR_ADD') {
      headers[a.name] = Array.isArray(cur) ? [...cur, v] : [cur, v];
    } else if (a.action !== 'ADD_IF_ABSENT') {
      headers[a.name] = v;
    }
  }
}

/** Removes every entry named `name` from a flat response header array. */
export function removeFlat(h: string[], name: string): void {
  let w = 0;
  for (let r = 0; r < h.length; r += 2) {
    if (h[r] !== name) {
      h[w] = h[r];
      h[w + 1] = h[r + 1];
      w += 2;
    }
  }
  h.length = w;
}

export function hasFlat(h: string[], name: string): boolean {
  for (let i = 0; i < h.length; i += 2) if (h[i] === name) return true;
  return false;
}

export function getFlat(h: string[], name: string): string | undefined {
  for (let i = 0; i < h.length; i += 2) if (h[i] === name) return h[i + 1];
  return undefined;
}

export function setFlat(h: string[], name: string, value: string): void {
  removeFlat(h, name);
  h.push(name, value);
}

export function applyResponseMutations(m: HeaderMutations, h: string[], info: StreamInfo): void {
  for (const r of m.removes) removeFlat(h, r);
  for (const a of m.adds) {
    const v = valueOf(a, info);
    if (v === '' && !a.keepEmpty) continue;
    const exists = hasFlat(h, a.name);
    if (!exists) {
      if (a.action !== 'OVERWRITE_IF_EXISTS') h.push(a.name, v);
    } else if (a.action === 'APPEND_IF_EXISTS_OR_ADD') {
      h.push(a.name, v);
    } else if (a.action !== 'ADD_IF_ABSENT') {
      setFlat(h, a.name, v);
    }
  }
}
