/**
 * Child process of `bench/proxy.ts`: runs one thing to measure — the 1 KB backend, the Sextant
 * proxy with a one-route bundle (plain, or with retries, timeout, circuit breakers and outlier
 * detection configured), a plain Node `http` proxy (the reference), a bare Node `http` server
 * answering the 1 KB itself (`node-bare`: the floor of any Node HTTP/1.1 server), or a TCP relay
 * that pairs each client connection with its own backend connection and copies bytes both ways
 * (`node-relay`: the I/O floor of any Node proxy — the same two reads and two writes per request,
 * no HTTP at all) — prints its port on stdout, and answers `cpu` messages with its process CPU
 * time (user, system) in microseconds.
 */
import http from 'node:http';
import net from 'node:net';
import { Proxy } from '../src/proxy/index.ts';
import type { ProxyResources } from '../src/envoy/types.ts';

const [role, upstreamPort] = process.argv.slice(2);
const BODY = Buffer.alloc(1024, 'x');

function report(port: number): void {
  process.stdout.write(`PORT ${port}\n`);
  process.on('message', (m: string) => {
    if (m === 'cpu') {
      const c = process.cpuUsage();
      process.send?.({ user: c.user, system: c.system });
    }
  });
}

/**
 * The hop with Istio's resilience settings configured but not triggered: the route carries the
 * default retry policy (previous hosts, 2 retries, 503 retriable; no route timeout, as Istio); the cluster
 * has circuit breakers at Istio's maximum and outlier detection (consecutive 5xx, 10 s sweeps).
 */
function resilientBundle(port: number): ProxyResources {
  const b = bundle(port);
  const route = b.routes[0].virtualHosts![0].routes![0].route!;
  route.retryPolicy = {
    retryOn: 'connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes',
    numRetries: 2,
    retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }],
    hostSelectionRetryMaxAttempts: '5',
    retriableStatusCodes: [503],
  };
  const c = b.clusters[0];
  c.circuitBreakers = { thresholds: [{ maxConnections: 4294967295, maxPendingRequests: 4294967295, maxRequests: 4294967295, maxRetries: 4294967295, trackRemaining: true }] };
  c.outlierDetection = { consecutive5xx: 5, enforcingConsecutive5xx: 100, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 100, enforcingSuccessRate: 0 };
  c.commonLbConfig = { healthyPanicThreshold: { value: 0 } };
  return b;
}

function bundle(port: number): ProxyResources {
  return {
    listeners: [
      {
        name: 'bench',
        address: { socketAddress: { address: '127.0.0.1', portValue: 0 } },
        filterChains: [
          {
            filters: [
              {
                name: 'envoy.filters.network.http_connection_manager',
                typedConfig: {
                  '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
                  statPrefix: 'bench',
                  useRemoteAddress: true,
                  rds: { routeConfigName: 'bench', configSource: { ads: {} } },
                  httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } }],
                },
              },
            ],
          },
        ],
      },
    ],
    routes: [{ name: 'bench', virtualHosts: [{ name: 'bench', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'backend', timeout: '0s' } }] }] }],
    clusters: [{ name: 'backend', type: 'STATIC', loadAssignment: { clusterName: 'backend', endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '127.0.0.1', portValue: Number(port) } } } }] }] } }],
    endpoints: [],
    secrets: [],
  };
}

async function main(): Promise<void> {
  if (role === 'backend' || role === 'node-bare') {
    const s = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': BODY.length });
      res.end(BODY);
    });
    s.keepAliveTimeout = 120_000;
    s.listen(0, '127.0.0.1', () => report((s.address() as net.AddressInfo).port));
  } else if (role === 'node-http') {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const s = http.createServer((req, res) => {
      const up = http.request({ host: '127.0.0.1', port: Number(upstreamPort), method: req.method, path: req.url, headers: req.headers, agent }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(up);
    });
    s.keepAliveTimeout = 120_000;
    s.listen(0, '127.0.0.1', () => report((s.address() as net.AddressInfo).port));
  } else if (role === 'node-relay') {
    const s = net.createServer({ noDelay: true }, (down) => {
      const up = net.connect({ host: '127.0.0.1', port: Number(upstreamPort), noDelay: true });
      down.on('data', (d: Buffer) => up.write(d));
      up.on('data', (d: Buffer) => down.write(d));
      down.on('close', () => up.destroy());
      up.on('close', () => down.destroy());
      down.on('error', () => {});
      up.on('error', () => {});
    });
    s.listen(0, '127.0.0.1', () => report((s.address() as net.AddressInfo).port));
  } else if (role === 'sextant' || role === 'sextant-resilient') {
    const proxy = new Proxy({ bindAddress: '127.0.0.1', adminPort: null, statsPort: null, readinessPort: null, accessLog: 'off' });
    const r = await proxy.apply(role === 'sextant' ? bundle(Number(upstreamPort)) : resilientBundle(Number(upstreamPort)));
    if (!r.accepted) throw new Error(r.errors.join('\n'));
    report(proxy.listenerPort('bench')!);
  } else {
    throw new Error(`unknown role ${role}`);
  }
}

process.on('SIGINT', () => process.exit(0));
void main();
