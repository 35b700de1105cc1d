/**
 * Entry point of one proxy worker process (forked by the supervisor through node:cluster, so
 * listening sockets are shared): runs a ProxyRuntime without admin servers and answers the
 * supervisor's apply, query and stop messages.
 */
import type { FromWorker, ToWorker } from './messages.ts';
import { resolveOptions } from '../options.ts';
import { ProxyRuntime } from '../runtime.ts';

let runtime: ProxyRuntime | undefined;

function send(m: FromWorker): void {
  process.send?.(m);
}

process.on('message', (m: ToWorker) => {
  void handle(m);
});
// Messages sent before this listener existed would be lost: ask for the init message now.
send({ type: 'loaded' });

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'init') {
    const o = m.options;
    runtime = new ProxyRuntime(
      resolveOptions({
        portOffset: o.portOffset,
        bindAddress: o.bindAddress,
        accessLog: o.accessLog === 'ipc' ? (line) => send({ type: 'access-log', line }) : o.accessLog,
        serverName: o.serverName,
        drainMs: o.drainMs,
        identity: o.identity,
        adminPort: null,
        statsPort: null,
        readinessPort: null,
        log: (message) => send({ type: 'log', message }),
      }),
    );
    send({ type: 'started' });
    return;
  }
  if (!runtime) return;
  if (m.type === 'apply') {
    const result = await runtime.apply(m.resources);
    send({ type: 'applied', id: m.id, result });
  } else if (m.type === 'query') {
    const text = m.what === 'stats' ? await runtime.statsText() : m.what === 'prometheus' ? await runtime.prometheusText() : await runtime.clustersText();
    send({ type: 'answer', id: m.id, text });
  } else if (m.type === 'stop') {
    await runtime.stop(m.drainMs);
    send({ type: 'stopped' });
    process.disconnect?.();
  }
}
