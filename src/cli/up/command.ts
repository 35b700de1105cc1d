/**
 * `sextant up --config DIR ...`: control plane and one ingress gateway in one process, watching the
 * configuration and applying changes live. Prints what it listens on and one line per change.
 */
import { parseArgs } from 'node:util';
import type { AccessLogSinkOption } from '../../proxy/index.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { parseLabels } from '../labels.ts';

export const upCommand: Command = {
  name: 'up',
  summary: 'Run the control plane and an ingress gateway from a directory of Istio YAML',
  usage:
    'sextant up --config DIR [--config DIR...] [--port-offset N] [--access-log stdout|FILE|off] [--concurrency N] [--labels istio=ingressgateway] [--namespace istio-system] [--bind ADDR] [--admin-port 15000] [--stats-port 15090] [--ready-port 15021]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        config: { type: 'string', short: 'c', multiple: true },
        'port-offset': { type: 'string', default: '0' },
        'access-log': { type: 'string', default: 'stdout' },
        concurrency: { type: 'string', default: '1' },
        labels: { type: 'string', default: 'istio=ingressgateway' },
        namespace: { type: 'string', default: 'istio-system' },
        bind: { type: 'string', default: '0.0.0.0' },
        'admin-port': { type: 'string', default: '15000' },
        'stats-port': { type: 'string', default: '15090' },
        'ready-port': { type: 'string', default: '15021' },
      },
    });
    const paths = values.config ?? [];
    if (paths.length === 0) throw new UsageError('up needs --config DIR (a directory or file of Istio YAML)');
    const num = (name: string, v: string): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer (got "${v}")`);
      return n;
    };
    const acc = values['access-log']!;
    const accessLog: AccessLogSinkOption = acc === 'stdout' || acc === 'off' ? acc : { path: acc };
    const { LocalMesh } = await import('../../bootstrap/local-mesh.ts');
    const mesh = new LocalMesh({
      paths,
      gatewayLabels: parseLabels(values.labels!),
      gatewayNamespace: values.namespace,
      log: (l) => io.stdout(l + '\n'),
      proxy: {
        portOffset: num('port-offset', values['port-offset']!),
        accessLog,
        concurrency: Math.max(1, num('concurrency', values.concurrency!)),
        bindAddress: values.bind,
        adminPort: num('admin-port', values['admin-port']!),
        statsPort: num('stats-port', values['stats-port']!),
        readinessPort: num('ready-port', values['ready-port']!),
      },
    });
    const first = await mesh.start();
    for (const l of mesh.proxy.listeners()) io.stdout(`listening: ${l.name} on ${l.address ?? values.bind}:${l.port}\n`);
    io.stdout(`admin http://127.0.0.1:${mesh.proxy.adminPort}/config_dump · metrics http://127.0.0.1:${mesh.proxy.statsPort}/stats/prometheus · ready http://127.0.0.1:${mesh.proxy.readinessPort}/healthz/ready\n`);
    if (!first.accepted) io.stdout(`warning: the first configuration was not applied (${first.reason}); fix it and save — the gateway applies it live\n`);
    await waitForSignal();
    io.stdout('shutting down: draining in-flight requests\n');
    await mesh.stop();
    return EXIT.OK;
  },
};

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
