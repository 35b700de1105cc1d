/**
 * The copy of a request body kept so a retry (or a mirror) can replay it (Envoy buffers up to the
 * connection's buffer limit, 1 MiB by default). Past the limit the copy is dropped and the request
 * can no longer be retried — Envoy's `retry_or_shadow_abandoned`.
 */

export const DEFAULT_BUFFER_LIMIT = 1024 * 1024;

export class RequestBuffer {
  private chunks: Buffer[] = [];
  size = 0;
  overflowed = false;
  /** The downstream request body has fully arrived. */
  complete = false;

  constructor(readonly limit = DEFAULT_BUFFER_LIMIT) {}

  /** Keeps a copy of `chunk`; false once the limit is exceeded (the copy is then dropped). */
  append(chunk: Buffer): boolean {
    if (this.overflowed) return false;
    if (this.size + chunk.length > this.limit) {
      this.overflowed = true;
      this.chunks = [];
      this.size = 0;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  /** The buffered chunks, in order. */
  get data(): readonly Buffer[] {
    return this.chunks;
  }
}
