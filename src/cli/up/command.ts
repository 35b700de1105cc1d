/**
 * `sextant up --config DIR ...`: control plane and one ingress gateway in one process, watching the
 * configuration and applying changes live. Prints what it listens on and one line per change.
 */
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { parseLabels } from '../labels.ts';
import { PROXY_FLAGS, PROXY_FLAGS_USAGE, proxyOptionsFrom } from '../proxy-options.ts';

export const upCommand: Command = {
  name: 'up',
  summary: 'Run the control plane and an ingress gateway from a directory of Istio YAML',
  usage: `sextant up --config DIR [--config DIR...] [--labels istio=ingressgateway] [--namespace istio-system] ${PROXY_FLAGS_USAGE}`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        config: { type: 'string', short: 'c', multiple: true },
        'access-log': { type: 'string', default: 'stdout' },
        labels: { type: 'string', default: 'istio=ingressgateway' },
        namespace: { type: 'string', default: 'istio-system' },
        ...PROXY_FLAGS,
      },
    });
    const paths = values.config ?? [];
    if (paths.length === 0) throw new UsageError('up needs --config DIR (a directory or file of Istio YAML)');
    const { LocalMesh } = await import('../../bootstrap/local-mesh.ts');
    const mesh = new LocalMesh({
      paths,
      gatewayLabels: parseLabels(values.labels!),
      gatewayNamespace: values.namespace,
      log: (l) => io.stdout(l + '\n'),
      proxy: proxyOptionsFrom(values, values['access-log']!),
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
