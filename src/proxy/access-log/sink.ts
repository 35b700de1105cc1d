/**
 * Where access log lines go. The configuration names a path (`/dev/stdout` or a file); the proxy
 * option can send everything to stdout, one file, a callback, or nowhere. Lines are batched per
 * event-loop turn so a request costs a string append, not a write(2).
 */
import { createWriteStream, type WriteStream } from 'node:fs';

/** `config` follows each FileAccessLog path; the others override every path. */
export type AccessLogSinkOption = 'config' | 'stdout' | 'off' | { path: string } | ((line: string) => void);

export interface LineWriter {
  write(line: string): void;
}

class BatchedWriter implements LineWriter {
  private pending = '';
  private scheduled = false;
  constructor(private readonly out: (chunk: string) => void) {}
  write(line: string): void {
    this.pending += line;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }
  flush(): void {
    this.scheduled = false;
    if (this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    this.out(chunk);
  }
}

const NOOP: LineWriter = { write: () => {} };

export class AccessLogSinks {
  private readonly files = new Map<string, { stream: WriteStream; writer: BatchedWriter }>();
  private readonly stdout = new BatchedWriter((c) => process.stdout.write(c));
  private readonly stderr = new BatchedWriter((c) => process.stderr.write(c));
  private readonly callback: LineWriter | undefined;

  constructor(private readonly option: AccessLogSinkOption = 'config') {
    if (typeof option === 'function') this.callback = { write: (line) => option(line.endsWith('\n') ? line.slice(0, -1) : line) };
  }

  /** The writer for a configured path (already redirected by the proxy option). */
  writer(path: string): LineWriter {
    const o = this.option;
    if (o === 'off') return NOOP;
    if (this.callback) return this.callback;
    if (o === 'stdout') return this.stdout;
    if (typeof o === 'object') return this.file(o.path);
    if (path === '/dev/stdout') return this.stdout;
    if (path === '/dev/stderr') return this.stderr;
    if (path === '/dev/null' || path === '') return NOOP;
    return this.file(path);
  }

  private file(path: string): LineWriter {
    let f = this.files.get(path);
    if (!f) {
      const stream = createWriteStream(path, { flags: 'a' });
      stream.on('error', (e) => process.stderr.write(`sextant proxy: access log ${path}: ${e.message}\n`));
      f = { stream, writer: new BatchedWriter((c) => stream.write(c)) };
      this.files.set(path, f);
    }
    return f.writer;
  }

  /** Flushes pending lines and closes files. */
  async close(): Promise<void> {
    this.stdout.flush();
    this.stderr.flush();
    const closing = [...this.files.values()].map(
      (f) =>
        new Promise<void>((resolve) => {
          f.writer.flush();
          f.stream.end(resolve);
        }),
    );
    this.files.clear();
    await Promise.all(closing);
  }

  flush(): void {
    this.stdout.flush();
    this.stderr.flush();
    for (const f of this.files.values()) f.writer.flush();
  }
}
