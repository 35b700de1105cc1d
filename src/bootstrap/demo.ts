/**
 * The demo behind `npm start`: sample httpbin workloads on loopback (the WorkloadEntries of
 * examples/quickstart), certificates for seed 000's two FQDNs generated into Secrets in a temporary
 * directory, and `sextant up` on the quickstart configuration. Returns the curl commands to try;
 * each works as printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpbin, type HttpbinServer } from '../samples/httpbin/index.ts';
import { createCertificateAuthority } from '../security/certificates.ts';
import { LocalMesh, type ReloadOutcome } from './local-mesh.ts';
import type { ProxyOptions } from '../proxy/index.ts';

export const QUICKSTART_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples/quickstart');

/** The workloads of examples/quickstart: name, loopback port, version label. */
export const DEMO_WORKLOADS = [
  { name: 'httpbin-v1', port: 18001, version: 'v1' },
  { name: 'httpbin-v2', port: 18002, version: 'v2' },
  { name: 'my-app1', port: 18011, version: 'my-app1' },
  { name: 'my-app2', port: 18012, version: 'my-app2' },
] as const;

export interface DemoOptions {
  configDir?: string;
  proxy?: ProxyOptions;
  log?: (line: string) => void;
}

export interface Demo {
  mesh: LocalMesh;
  first: ReloadOutcome;
  /** Directory holding the generated Secrets and `ca.crt`. */
  generatedDir: string;
  caFile: string;
  commands: string[];
  stop(): Promise<void>;
}

function tlsSecret(name: string, cert: string, key: string): string {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  return ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${name}`, '  namespace: istio-system', 'type: kubernetes.io/tls', 'data:', `  tls.crt: ${b64(cert)}`, `  tls.key: ${b64(key)}`, ''].join('\n');
}

export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
  const configDir = opts.configDir ?? QUICKSTART_DIR;
  const generatedDir = mkdtempSync(join(tmpdir(), 'sextant-demo-'));
  const ca = await createCertificateAuthority('Sextant demo CA');
  const docs: string[] = [];
  for (const app of ['my-app1', 'my-app2']) {
    const leaf = await ca.issue({ dnsNames: [`${app}.example.com`], usage: 'server' });
    docs.push(tlsSecret(`${app}-cert`, leaf.cert, leaf.key));
  }
  writeFileSync(join(generatedDir, 'gateway-certs.yaml'), docs.join('---\n'));
  const caFile = join(generatedDir, 'ca.crt');
  writeFileSync(caFile, ca.cert);

  const backends: HttpbinServer[] = [];
  const stopBackends = async (): Promise<void> => {
    await Promise.all(backends.map((b) => b.close()));
  };
  try {
    for (const w of DEMO_WORKLOADS) backends.push(await startHttpbin({ port: w.port, host: '127.0.0.1', version: w.version }));
  } catch (e) {
    await stopBackends();
    rmSync(generatedDir, { recursive: true, force: true });
    throw new Error(`cannot start the sample workloads on 127.0.0.1 ports ${DEMO_WORKLOADS.map((w) => w.port).join(', ')}: ${(e as Error).message}`);
  }
  const mesh = new LocalMesh({ paths: [configDir, generatedDir], proxy: { accessLog: 'stdout', ...opts.proxy }, log: opts.log });
  let first: ReloadOutcome;
  try {
    first = await mesh.start();
  } catch (e) {
    await stopBackends();
    await mesh.stop(0).catch(() => undefined);
    rmSync(generatedDir, { recursive: true, force: true });
    throw e;
  }
  const http = mesh.proxy.listenerPort('0.0.0.0_8080') ?? 8080;
  const https = mesh.proxy.listenerPort('0.0.0.0_8443') ?? 8443;
  const stats = mesh.proxy.statsPort ?? 15090;
  const commands = [
    `curl -s --connect-to httpbin.local:80:127.0.0.1:${http} http://httpbin.local/headers`,
    `curl -s -o /dev/null -w '%{http_code}\\n' --connect-to unknown.example:80:127.0.0.1:${http} http://unknown.example/`,
    `curl -s -o /dev/null -w '%{http_code}\\n' --http1.0 --connect-to httpbin.local:80:127.0.0.1:${http} http://httpbin.local/get`,
    `curl -s --cacert ${caFile} --connect-to my-app1.example.com:443:127.0.0.1:${https} https://my-app1.example.com/headers`,
    `curl -s --cacert ${caFile} --connect-to my-app2.example.com:443:127.0.0.1:${https} https://my-app2.example.com/headers`,
    `curl -s http://127.0.0.1:${stats}/stats/prometheus | grep istio_requests_total`,
    `npx sextant proxy-config route --config ${configDir} --labels istio=ingressgateway --name http.8080 -o json`,
  ];
  return {
    mesh,
    first,
    generatedDir,
    caFile,
    commands,
    async stop() {
      await mesh.stop(1000);
      await stopBackends();
      rmSync(generatedDir, { recursive: true, force: true });
    },
  };
}
