/**
 * A Sextant proxy fed over xDS: the XdsClient (src/proxy/xds) subscribes to a discovery server
 * and hands each complete bundle to `Proxy.apply`; a bundle the proxy rejects is NACKed and the
 * previous configuration keeps serving. When the control plane goes away the proxy keeps serving
 * its last configuration while the client reconnects with backoff. Readiness (`/healthz/ready`)
 * turns true only after the first complete configuration is applied.
 */
import { Proxy, type ProxyOptions } from '../proxy/index.ts';
import { proxyNode, XdsClient, type XdsLog } from '../proxy/xds/index.ts';

export interface ProxyAgentOptions {
  discoveryAddress: string;
  type: 'router' | 'sidecar';
  podName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  ip?: string;
  proxy?: ProxyOptions;
  log?: (line: string) => void;
}

export interface ProxyAgent {
  proxy: Proxy;
  client: XdsClient;
  stop(drainMs?: number): Promise<void>;
}

export async function startProxyAgent(o: ProxyAgentOptions): Promise<ProxyAgent> {
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const labels = o.labels ?? {};
  const proxy = new Proxy({
    identity: { workload: o.podName, namespace: o.namespace, app: labels.app, version: labels.version, reporter: o.type === 'router' ? 'source' : 'destination' },
    ...o.proxy,
  });
  await proxy.start();
  const xdsLog: XdsLog = (level, message) => {
    if (level !== 'debug') log(`xds ${level}: ${message}`);
  };
  const client = new XdsClient({
    address: o.discoveryAddress,
    node: proxyNode({ type: o.type, podName: o.podName, namespace: o.namespace, labels, ip: o.ip }),
    validate: async (resources) => {
      const r = await proxy.apply(resources);
      if (r.accepted) log(`config v${r.version} applied: ${resources.listeners.length} listeners, ${resources.routes.length} routes, ${resources.clusters.length} clusters`);
      else log(`config rejected (NACK sent, previous configuration keeps serving): ${r.errors.join('; ')}`);
      return r;
    },
    log: xdsLog,
  });
  client.on('connected', () => log(`connected to discovery server ${o.discoveryAddress}`));
  client.on('disconnected', () => log(`lost the discovery server ${o.discoveryAddress}; serving the last configuration while reconnecting`));
  client.start();
  return {
    proxy,
    client,
    async stop(drainMs = 2000) {
      await client.close();
      await proxy.stop({ drainMs });
    },
  };
}
