/**
 * VirtualService `redirect` and `directResponse` → Envoy RedirectAction / DirectResponseAction
 * (Istio's ApplyRedirect / ApplyDirectResponse). `derivePort: FROM_REQUEST_PORT` uses the listener
 * port; default ports of the scheme are left out; unsupported codes drop the route's action.
 */
import type { DirectResponseAction, RedirectAction } from '../../envoy/types.ts';
import type { HTTPDirectResponse, HTTPRedirect } from '../../model/api-types.ts';

const CODES: Record<number, RedirectAction['responseCode']> = { 0: 'MOVED_PERMANENTLY', 301: 'MOVED_PERMANENTLY', 302: 'FOUND', 303: 'SEE_OTHER', 307: 'TEMPORARY_REDIRECT', 308: 'PERMANENT_REDIRECT' };

/** The listener a redirect is translated for; its fields are read only when the redirect needs them. */
export interface RedirectListener {
  readonly listenerPort: number;
  readonly isTls: boolean;
}

export function translateRedirect(r: HTTPRedirect, listener: RedirectListener): RedirectAction | undefined {
  const out: RedirectAction = {};
  if (r.authority) out.hostRedirect = r.authority;
  if (r.uri) out.pathRedirect = r.uri;
  if (r.scheme) out.schemeRedirect = r.scheme;
  if (r.port !== undefined || r.derivePort !== undefined) {
    let port = 0;
    if (r.derivePort === 'FROM_REQUEST_PORT') port = listener.listenerPort;
    else if (r.port !== undefined) port = r.port;
    const scheme = r.scheme || (listener.isTls ? 'https' : 'http');
    if ((port === 80 && scheme === 'http') || (port === 443 && scheme === 'https')) port = 0;
    if (port) out.portRedirect = port;
  }
  const code = CODES[r.redirectCode ?? 0];
  if (!code) return undefined;
  if (code !== 'MOVED_PERMANENTLY') out.responseCode = code;
  return out;
}

export function translateDirectResponse(d: HTTPDirectResponse): DirectResponseAction {
  const out: DirectResponseAction = { status: d.status };
  if (d.body?.string !== undefined) out.body = { inlineString: d.body.string };
  else if (d.body?.bytes !== undefined) out.body = { inlineBytes: d.body.bytes };
  return out;
}
