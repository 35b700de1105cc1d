/**
 * `sextant proxy router|sidecar --discovery-address HOST:PORT`: the Sextant proxy fed over xDS/ADS by
 * `sextant discovery` (or any server speaking Envoy's ADS), the way Envoy is fed by istiod.
 */
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { parseLabels } from '../labels.ts';
import { PROXY_FLAGS, PROXY_FLAGS_USAGE, proxyOptionsFrom } from '../proxy-options.ts';

export const proxyCommand: Command = {
  name: 'proxy',
  summary: 'Run a gateway (router) or sidecar proxy fed over xDS by a discovery server',
  usage: `sextant proxy router|sidecar --discovery-address HOST:PORT [--labels k=v,...] [--namespace NS] [--pod-name NAME] [--ip IP] ${PROXY_FLAGS_USAGE}`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'discovery-address': { type: 'string', default: '127.0.0.1:15010' },
        labels: { type: 'string', default: '' },
        namespace: { type: 'string' },
        'pod-name': { type: 'string' },
        ip: { type: 'string', default: '127.0.0.1' },
        'access-log': { type: 'string', default: 'config' },
        ...PROXY_FLAGS,
      },
    });
    const type = positionals[0];
    if (type !== 'router' && type !== 'sidecar') throw new UsageError('proxy needs its type: router (a gateway) or sidecar');
    const labels = values.labels ? parseLabels(values.labels) : type === 'router' ? { istio: 'ingressgateway' } : {};
    const { startProxyAgent } = await import('../../bootstrap/proxy-agent.ts');
    const agent = await startProxyAgent({
      discoveryAddress: values['discovery-address']!,
      type,
      labels,
      namespace: values.namespace,
      podName: values['pod-name'],
      ip: values.ip,
      log: (l) => io.stderr(`${new Date().toISOString()} ${l}\n`),
      proxy: proxyOptionsFrom(values, values['access-log']!),
    });
    io.stdout(`sextant proxy (${type}) → ${values['discovery-address']}; ready at http://127.0.0.1:${agent.proxy.readinessPort}/healthz/ready once configured\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    io.stdout('stopping: draining in-flight requests\n');
    await agent.stop();
    return EXIT.OK;
  },
};
