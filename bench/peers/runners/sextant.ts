/**
 * The Sextant proxy as a benchmark peer: a `Proxy` with `concurrency: 1` (serving in this process),
 * access log off, admin / Prometheus / readiness servers off (no peer runs them), applying the
 * hand-written Envoy resources of sextant-resources.ts for the route table. Exits non-zero with
 * the apply errors if the bundle is rejected.
 */
import { Proxy } from '../../../src/proxy/index.ts';
import { sextantResources } from '../sextant-resources.ts';
import { exitOnSignal, readRunnerConfig } from './runner-config.ts';

const cfg = readRunnerConfig();
const proxy = new Proxy({
  concurrency: cfg.concurrency ?? 1,
  bindAddress: '127.0.0.1',
  adminPort: null,
  statsPort: null,
  readinessPort: null,
  accessLog: 'off',
  drainMs: 0,
});
await proxy.start();
const result = await proxy.apply(sextantResources(cfg.table, cfg.port, cfg.tls));
if (!result.accepted) {
  process.stderr.write(`sextant rejected the benchmark bundle:\n${result.errors.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`listening ${cfg.port}\n`);
exitOnSignal(() => proxy.stop({ drainMs: 0 }));
