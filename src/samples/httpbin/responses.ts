/**
 * httpbin's response shapes: headers in Title-Case as httpbin prints them, the caller's origin,
 * query arguments, and the `/anything` echo (args, data, form, json, headers, method, origin, url).
 */
import type http from 'node:http';

/** `x-b3-traceid` → `X-B3-Traceid`, as httpbin (via Werkzeug) shows header names. */
export function titleCase(name: string): string {
  return name
    .split('-')
    .map((p) => (p.length === 0 ? p : p[0].toUpperCase() + p.slice(1).toLowerCase()))
    .join('-');
}

export function headersObject(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const k = titleCase(raw[i]);
    out[k] = out[k] === undefined ? raw[i + 1] : `${out[k]},${raw[i + 1]}`;
  }
  return out;
}

export function origin(req: http.IncomingMessage): string {
  const xff = req.headers['x-forwarded-for'];
  const first = Array.isArray(xff) ? xff[0] : xff;
  const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  return first ? first.split(',').map((s) => s.trim()).join(', ') : peer;
}

export function args(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const cur = out[k];
    out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
  }
  return out;
}

export function fullUrl(req: http.IncomingMessage): string {
  const proto = (req.headers['x-forwarded-proto'] as string | undefined) ?? 'http';
  return `${proto}://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
}

export function anything(req: http.IncomingMessage, url: URL, body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  const type = String(req.headers['content-type'] ?? '');
  let json: unknown = null;
  let form: Record<string, string | string[]> = {};
  if (type.includes('application/json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  } else if (type.includes('application/x-www-form-urlencoded')) {
    form = args(new URL(`http://x/?${text}`));
  }
  return { args: args(url), data: form && Object.keys(form).length > 0 ? '' : text, files: {}, form, headers: headersObject(req), json, method: req.method, origin: origin(req), url: fullUrl(req) };
}
