/**
 * VirtualService `headers` → Envoy header operations (Istio's TranslateHeadersOperations): `set`
 * overwrites, `add` appends, sorted by key; pseudo-headers and `host` are dropped, and a
 * `:authority`/`host` value becomes the route's host rewrite instead.
 */
import type { HeaderValueOption } from '../../envoy/types.ts';
import type { Headers } from '../../model/api-types.ts';

export interface HeaderOperations {
  requestHeadersToAdd: HeaderValueOption[];
  responseHeadersToAdd: HeaderValueOption[];
  requestHeadersToRemove: string[];
  responseHeadersToRemove: string[];
  authority: string;
}

const isInternal = (k: string): boolean => k.startsWith(':') || k.toLowerCase() === 'host';
const isAuthority = (k: string): boolean => k.toLowerCase() === ':authority' || k.toLowerCase() === 'host';

function options(headers: Record<string, string> | undefined, append: boolean): { list: HeaderValueOption[]; authority: string } {
  let authority = '';
  const list: HeaderValueOption[] = [];
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (isAuthority(key)) authority = value;
    if (isInternal(key)) continue;
    list.push({ header: { key, value }, appendAction: append ? 'APPEND_IF_EXISTS_OR_ADD' : 'OVERWRITE_IF_EXISTS_OR_ADD' });
  }
  list.sort((a, b) => (a.header.key < b.header.key ? -1 : a.header.key > b.header.key ? 1 : 0));
  return { list, authority };
}

export function translateHeaders(h: Headers | undefined): HeaderOperations {
  const reqSet = options(h?.request?.set, false);
  const reqAdd = options(h?.request?.add, true);
  const respSet = options(h?.response?.set, false);
  const respAdd = options(h?.response?.add, true);
  return {
    requestHeadersToAdd: [...reqSet.list, ...reqAdd.list],
    responseHeadersToAdd: [...respSet.list, ...respAdd.list],
    requestHeadersToRemove: (h?.request?.remove ?? []).filter((k) => !isInternal(k)),
    responseHeadersToRemove: (h?.response?.remove ?? []).filter((k) => !isInternal(k)),
    authority: reqSet.authority || reqAdd.authority,
  };
}

/** Copies the non-empty operations onto a route, virtual host or weighted cluster. */
export function applyHeaderOperations(target: { requestHeadersToAdd?: HeaderValueOption[]; responseHeadersToAdd?: HeaderValueOption[]; requestHeadersToRemove?: string[]; responseHeadersToRemove?: string[] }, ops: HeaderOperations): void {
  if (ops.requestHeadersToAdd.length) target.requestHeadersToAdd = [...(target.requestHeadersToAdd ?? []), ...ops.requestHeadersToAdd];
  if (ops.requestHeadersToRemove.length) target.requestHeadersToRemove = [...(target.requestHeadersToRemove ?? []), ...ops.requestHeadersToRemove];
  if (ops.responseHeadersToAdd.length) target.responseHeadersToAdd = [...(target.responseHeadersToAdd ?? []), ...ops.responseHeadersToAdd];
  if (ops.responseHeadersToRemove.length) target.responseHeadersToRemove = [...(target.responseHeadersToRemove ?? []), ...ops.responseHeadersToRemove];
}
