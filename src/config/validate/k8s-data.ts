/**
 * Rules for the key → value data of Secrets and ConfigMaps: valid keys, base64 values (Kubernetes
 * decodes `data` / `binaryData` with Go's standard base64 alphabet and padding, so URL-safe or
 * unpadded text is rejected), keys set twice, and the 1 MiB size limit of one object.
 */
import type { ValidationContext } from './context.ts';
import { configKeyProblem } from './k8s-names.ts';

export const MAX_DATA_BYTES = 1024 * 1024;

const B64 = /^[A-Za-z0-9+/]$/;

/** Why `text` is not standard padded base64 (newlines are ignored, as Go's decoder does), or undefined. */
export function base64Problem(text: string): string | undefined {
  let n = 0;
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') continue;
    if (c === '=') {
      pad++;
    } else if (pad > 0 || !B64.test(c)) {
      return `illegal base64 data at input byte ${i}`;
    }
    n++;
  }
  if (n % 4 !== 0 || pad > 2) return `illegal base64 data at input byte ${text.length}: the length is not a multiple of 4 (missing "=" padding?)`;
  return undefined;
}

/**
 * Checks every key and base64 value of `data` (at `path`); returns the decoded values of the valid
 * entries.
 */
export function checkBase64Map(data: Record<string, string> | undefined, path: string, ctx: ValidationContext): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(data ?? {})) {
    const keyProblem = configKeyProblem(k);
    if (keyProblem) ctx.error(`${path}[${k}]`, keyProblem, data, k);
    const e = base64Problem(v);
    if (e) {
      ctx.error(`${path}[${k}]`, `${e}; values under ${path} must be base64-encoded${path === 'data' ? ' (put plain text under stringData)' : ''}`, data, k);
      continue;
    }
    out.set(k, Buffer.from(v, 'base64'));
  }
  return out;
}

/** Checks the keys of a plain-text map (ConfigMap data, Secret stringData). */
export function checkTextMap(data: Record<string, string> | undefined, path: string, ctx: ValidationContext): void {
  for (const k of Object.keys(data ?? {})) {
    const keyProblem = configKeyProblem(k);
    if (keyProblem) ctx.error(`${path}[${k}]`, keyProblem, data, k);
  }
}

/** The total size Kubernetes counts for the object's data must stay within 1 MiB. */
export function checkDataSize(bytes: number, path: string, holder: object | undefined, ctx: ValidationContext): void {
  if (bytes > MAX_DATA_BYTES) ctx.error(path, `data is ${bytes} bytes; it must have at most ${MAX_DATA_BYTES} bytes (1 MiB)`, holder);
}
