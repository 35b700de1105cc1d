/** Drives xds-echo-client.ts in a child process: one Echo call per `call()`, results matched by id. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface EchoResult {
  code: number;
  server?: string;
  attempt?: number;
  details?: string;
  elapsedMs: number;
}

export class XdsClientProcess {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, (r: EchoResult) => void>();
  readonly ready: Promise<void>;
  #next = 0;

  constructor(target: string, bootstrap: unknown) {
    const script = fileURLToPath(new URL('./xds-echo-client.ts', import.meta.url));
    this.#child = spawn(process.execPath, ['--import', 'tsx', script, target], { env: { ...process.env, GRPC_XDS_BOOTSTRAP_CONFIG: JSON.stringify(bootstrap) }, stdio: ['pipe', 'pipe', 'inherit'] });
    let markReady: () => void;
    this.ready = new Promise((r) => (markReady = r));
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as EchoResult & { id?: number; ready?: boolean };
      if (msg.ready) return markReady();
      this.#waiting.get(msg.id!)?.(msg);
      this.#waiting.delete(msg.id!);
    });
  }

  call(metadata: Record<string, string> = {}): Promise<EchoResult> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#child.stdin!.write(JSON.stringify({ id, metadata }) + '\n');
    });
  }

  close(): void {
    this.#child.kill();
  }
}
