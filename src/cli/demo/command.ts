/**
 * `sextant demo` (what `npm start` runs): the quickstart mesh with sample workloads, and the curl
 * commands to try against it.
 */
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

const EXPLAIN = [
  '1. httpbin.local → VirtualService httpbin-virtual-service → subset v2 (weight 100); the response says "version": "v2"',
  '2. a host no Gateway serves → 404 from the blackhole virtual host (seed 001)',
  '3. HTTP/1.0 → 426 Upgrade Required (seed 002)',
  '4. my-app1.example.com over HTTPS with its own certificate, chosen by SNI (seed 000)',
  '5. my-app2.example.com on the same port with a different certificate',
  '6. Istio\'s standard metrics',
  '7. the Envoy route configuration the gateway runs (as istioctl proxy-config shows it)',
];

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Start the quickstart mesh with sample workloads (what `npm start` runs)',
  usage: 'sextant demo',
  async run(_args, io) {
    const { startDemo } = await import('../../bootstrap/demo.ts');
    const demo = await startDemo({ log: (l) => io.stdout(l + '\n') });
    io.stdout(`\nSextant is running the quickstart in examples/quickstart (edit it: changes apply live).\n`);
    for (const l of demo.mesh.proxy.listeners()) io.stdout(`  gateway listener ${l.name} on ${l.address}:${l.port}\n`);
    io.stdout(`\nTry:\n${demo.commands.map((c, i) => `  ${c}\n      # ${EXPLAIN[i]}`).join('\n')}\n\nPress Ctrl-C to stop.\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    io.stdout('stopping: draining in-flight requests\n');
    await demo.stop();
    return EXIT.OK;
  },
};
