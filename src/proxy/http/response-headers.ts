/**
 * Response header finishing as Envoy's connection manager does it — `server` per
 * server_header_transformation and a fresh `date` — and the conversions from the flat header list
 * to Node's HTTP/2 header and trailer objects.
 */
import type http2 from 'node:http2';
import { httpDate } from '../common/clock.ts';

/** Sets `server` (OVERWRITE / APPEND_IF_ABSENT / PASS_THROUGH) and `date` on a flat list, in place. */
export function finishResponseHeaders(h: string[], transform: 'OVERWRITE' | 'APPEND_IF_ABSENT' | 'PASS_THROUGH', serverName: string): void {
  let hasServer = false;
  let w = 0;
  for (let r = 0; r < h.length; r += 2) {
    const k = h[r];
    if (k === 'date' || (k === 'server' && transform === 'OVERWRITE')) continue;
    if (k === 'server') hasServer = true;
    h[w++] = k;
    h[w++] = h[r + 1];
  }
  h.length = w;
  if (transform === 'OVERWRITE' || (transform === 'APPEND_IF_ABSENT' && !hasServer)) h.push('server', serverName);
  h.push('date', httpDate());
}

/** A flat list as an HTTP/2 header object (repeated names become arrays). */
export function toH2Headers(status: number, flat: string[]): http2.OutgoingHttpHeaders {
  const o: http2.OutgoingHttpHeaders = { ':status': status };
  for (let i = 0; i < flat.length; i += 2) {
    const cur = o[flat[i]];
    o[flat[i]] = cur === undefined ? flat[i + 1] : ([] as string[]).concat(cur as string | string[], flat[i + 1]);
  }
  return o;
}

export function toTrailerObject(flat: string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) o[flat[i]] = flat[i + 1];
  return o;
}
