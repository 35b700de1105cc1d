/**
 * `sextant proxy router|sidecar --discovery-address HOST:PORT`: the Sextant proxy fed over xDS/ADS by
 * `sextant discovery` (or any server speaking Envoy's ADS), the way Envoy is fed by istiod.
 */
import { parseArgs } from 'node:util';
import type { AccessLogSinkOption } from '../../proxy/index.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { parseLabels } from '../labels.ts';

export const proxyCommand: Command = {
  name: 'proxy',
  summary: 'Run a gateway (router) or sidecar proxy fed over xDS by a discovery server',
  usage:
    'sextant proxy router|sidecar --discovery-address HOST:PORT [--labels k=v,...] [--namespace NS] [--pod-name NAME] [--ip IP] [--port-offset N] [--access-log stdout|FILE|off] [--concurrency N] [--bind ADDR] [--admin-port 15000] [--stats-port 15090] [--ready-port 15021]',
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
        'port-offset': { type: 'string', default: '0' },
        'access-log': { type: 'string', default: 'config' },
        concurrency: { type: 'string', default: '1' },
        bind: { type: 'string', default: '0.0.0.0' },
        'admin-port': { type: 'string', default: '15000' },
        'stats-port': { type: 'string', default: '15090' },
        'ready-port': { type: 'string', default: '15021' },
      },
    });
    const type = positionals[0];
    if (type !== 'router' && type !== 'sidecar') throw new UsageError('proxy needs its type: router (a gateway) or sidecar');
    const num = (name: string, v: string): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name} must be an integer 0-65535 (got "${v}")`);
      return n;
    };
    const acc = values['access-log']!;
    const accessLog: AccessLogSinkOption = acc === 'stdout' || acc === 'off' || acc === 'config' ? acc : { path: acc };
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
