/** Shared helpers for the analyzer tests: analyze YAML text, pick messages by code, show them on failure. */
import assert from 'node:assert/strict';
import { analyze, formatMessage, type AnalysisMessage } from '../../src/analyze/index.ts';
import type { Suppression } from '../../src/analyze/suppress.ts';
import { loadText } from '../../src/config/load.ts';

export function analyzeYaml(yaml: string, suppressions: Suppression[] = []): AnalysisMessage[] {
  const loaded = loadText(yaml, 'test.yaml');
  const r = analyze({ resources: loaded.resources, diagnostics: loaded.diagnostics }, { suppressions });
  assert.deepEqual(r.failures, [], 'no analyzer may throw');
  return r.messages;
}

export function withCode(ms: readonly AnalysisMessage[], code: string): AnalysisMessage[] {
  return ms.filter((m) => m.code === code);
}

export function show(ms: readonly AnalysisMessage[]): string {
  return ms.map(formatMessage).join('\n') || '(no messages)';
}

/** Asserts exactly `n` messages of `code` and returns them. */
export function expectCode(ms: readonly AnalysisMessage[], code: string, n: number): AnalysisMessage[] {
  const got = withCode(ms, code);
  assert.equal(got.length, n, `expected ${n} × ${code}, got:\n${show(ms)}`);
  return got;
}

/** YAML documents joined with `---`. */
export const docs = (...parts: string[]): string => parts.map((p) => p.trim()).join('\n---\n') + '\n';

export const gateway = (name: string, ns: string, servers: string, selector = 'istio: ingressgateway'): string => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {${selector}}
  servers:
${servers}`;

export const service = (name: string, ns: string, ports = '  - {name: http, port: 80, targetPort: 8080}', selector = `app: ${name}`): string => `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {${selector}}
  ports:
${ports}`;

export const pod = (name: string, ns: string, labels: string): string => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {${labels}}}
spec:
  containers:
  - name: app
    image: example/app
    ports: [{containerPort: 8080, name: http}]`;
