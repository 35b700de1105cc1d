/**
 * The real translation path for the resilience tests: Istio YAML (a docs page's example, or
 * inline) → loadText → buildSnapshot → generateProxyResources for the ingress gateway → a bundle
 * whose listeners bind 127.0.0.1 on ephemeral ports, with the WorkloadEntries' fixed ports
 * replaced by the live backends' ports (matched by address).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadText } from '../../src/config/load.ts';
import type { ProxyResources } from '../../src/envoy/types.ts';
import { generateProxyResources } from '../../src/generate/index.ts';
import { buildSnapshot } from '../../src/model/snapshot.ts';
import { proxyForWorkload } from '../../src/model/workload-proxy.ts';
import type { Backend } from './backends.ts';

export const REPO = join(import.meta.dirname, '..', '..');

/** The ```yaml blocks of docs/resilience/PAGE, joined as one multi-document YAML text. */
export function docYaml(page: string): string {
  const text = readFileSync(join(REPO, 'docs', 'resilience', page), 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length > 0, `docs/resilience/${page} has a yaml example`);
  return blocks.join('---\n');
}

/** Rewrites each `{address: A, ports: {NAME: P}` of a WorkloadEntry to the port of the backend on A. */
export function bindPorts(yaml: string, backends: readonly Backend[]): string {
  return yaml.replace(/address: (127\.0\.0\.\d+), ports: \{(\w[\w-]*): \d+\}/g, (all, address: string, name: string) => {
    const b = backends.find((x) => x.address === address);
    return b ? `address: ${address}, ports: {${name}: ${b.port}}` : all;
  });
}

/** Translates Istio YAML for the `istio: ingressgateway` router; listeners move to 127.0.0.1:0. */
export function translate(yaml: string): ProxyResources {
  const loaded = loadText(yaml, 'example.yaml');
  const errors = loaded.diagnostics.filter((d) => d.severity === 'Error');
  assert.deepEqual(errors.map((d) => `${d.line}: ${d.message}`), []);
  const snapshot = buildSnapshot(loaded.resources);
  const resources = generateProxyResources(proxyForWorkload(snapshot, { istio: 'ingressgateway' }, { type: 'router' }), snapshot);
  for (const l of resources.listeners) l.address = { socketAddress: { address: '127.0.0.1', portValue: 0 } };
  return resources;
}
