/**
 * HTTP/1.1 response heads as one latin1 string: a cached status line per code, the flat header
 * list (validated as Node validates outgoing values, so a bad configured value can never split the
 * response), and the framing Envoy's and Node's HTTP/1.1 codecs add — `content-length: 0` for an
 * empty body, `transfer-encoding: chunked` when the length is unknown (close-delimited for an
 * HTTP/1.0 client), `connection: close` / `keep-alive` as the connection's fate requires.
 */
import { STATUS_CODES } from 'node:http';
import { isToken, VALUE_BYTES_OBS } from '../../common/http-syntax.ts';

const CRLF = '\r\n';
const statusLines: string[] = [];

/** A value Node would send: HTAB, SP, VCHAR and obs-text only (no other CTL, no DEL, nothing past latin1). */
function isOutgoingValue(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c > 0xff || VALUE_BYTES_OBS[c] === 0) return false;
  }
  return true;
}

export function statusLine(status: number): string {
  let s = statusLines[status];
  if (s === undefined) {
    s = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}${CRLF}`;
    if (status >= 100 && status < 1000) statusLines[status] = s;
  }
  return s;
}

/** Whether a response with this status (to this method) carries no body. */
export function bodiless(status: number, isHead: boolean): boolean {
  return isHead || status < 200 || status === 204 || status === 304;
}

/** What the encoder decided about framing, read by the caller right after encodeHead(). */
export const framing = { chunked: false, close: false };

export class InvalidHeaderError extends Error {}

/**
 * Serializes a head. `mustClose`: the connection ends after this response (the request asked for
 * it, HTTP/1.0 without keep-alive, max requests, drain); `http10KeepAlive`: an HTTP/1.0 client
 * that asked to keep the connection. Sets `framing`.
 */
export function encodeHead(status: number, headers: string[], endStream: boolean, noBody: boolean, http10: boolean, mustClose: boolean, http10KeepAlive: boolean): string {
  let s = statusLine(status);
  let hasLength = false;
  let te: string | undefined;
  let connection: string | undefined;
  for (let i = 0; i < headers.length; i += 2) {
    const k = headers[i];
    const v = headers[i + 1];
    if (!isOutgoingValue(v) || !isToken(k, 0, k.length)) throw new InvalidHeaderError(`invalid response header ${JSON.stringify(k)}`);
    if (k.length === 14 && k === 'content-length') hasLength = true;
    else if (k === 'transfer-encoding') te = v;
    else if (k === 'connection') connection = v;
    s += k + ': ' + v + CRLF;
  }
  let chunked = false;
  let close = mustClose || (connection !== undefined && connection.toLowerCase() === 'close');
  if (!noBody) {
    if (te !== undefined) chunked = te.toLowerCase().endsWith('chunked');
    else if (!hasLength) {
      if (endStream) s += 'content-length: 0' + CRLF;
      else if (!http10) {
        s += 'transfer-encoding: chunked' + CRLF;
        chunked = true;
      } else close = true;
    }
  }
  if (connection === undefined) {
    if (close) s += 'connection: close' + CRLF;
    else if (http10KeepAlive) s += 'connection: keep-alive' + CRLF;
  }
  framing.chunked = chunked;
  framing.close = close;
  return s + CRLF;
}
