/** Shared helpers for the explain tests: snapshots from fixture paths or YAML, and one-call explanations. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadPaths, loadText } from '../../src/config/load.ts';
import { explainRequest, type ExplainRequestInput, type ExplainResult } from '../../src/explain/index.ts';
import { buildSnapshot, type MeshSnapshot } from '../../src/model/snapshot.ts';

export const FIX = join(import.meta.dirname, '..', 'analyze', 'fixtures');
export const SEEDS = join(import.meta.dirname, '..', 'seeds');

export function snapshotOf(...paths: string[]): MeshSnapshot {
  const l = loadPaths(paths);
  const errors = l.diagnostics.filter((d) => d.severity === 'Error');
  assert.deepEqual(errors, [], 'fixtures load without errors');
  return buildSnapshot(l.resources);
}

export function snapshotFromYaml(yaml: string): MeshSnapshot {
  const l = loadText(yaml, 'test.yaml');
  const errors = l.diagnostics.filter((d) => d.severity === 'Error');
  assert.deepEqual(
    errors.map((d) => `${d.line}: ${d.message}`),
    [],
    'test YAML loads without errors',
  );
  return buildSnapshot(l.resources);
}

export const INGRESS = { istio: 'ingressgateway' };

export function explainAtGateway(snapshot: MeshSnapshot, request: ExplainRequestInput | string): ExplainResult {
  return explainRequest({ snapshot, labels: INGRESS, namespace: 'istio-system' }, typeof request === 'string' ? { url: request } : request);
}

export const stages = (r: ExplainResult): string[] => r.steps.map((s) => `${s.stage} ${s.name}`);
