/**
 * Table tests of ProxyConfig (networking.istio.io/v1beta1 only): schema and Istio's admission
 * rules (proxy-config.ts), through loadText, with seed 003's two examples and their verdicts.
 */
import { runCases, type Case } from './case-table.ts';

const OPTS = { kind: 'ProxyConfig', apiVersion: 'networking.istio.io/v1beta1' };

const valid: Case[] = [
  { name: 'empty spec', spec: {} },
  { name: 'no spec at all', yaml: 'apiVersion: networking.istio.io/v1beta1\nkind: ProxyConfig\nmetadata:\n  name: mesh\n  namespace: istio-system\n' },
  { name: 'concurrency 0 (all cores)', spec: { concurrency: 0 } },
  { name: 'concurrency 2', spec: { concurrency: 2 } },
  { name: 'mesh-wide image type', namespace: 'istio-system', spec: { concurrency: 0, image: { imageType: 'distroless' } } },
  { name: 'per workload', spec: { selector: { matchLabels: { app: 'ratings' } }, concurrency: 0, image: { imageType: 'debug' } } },
  { name: 'custom image type', spec: { image: { imageType: 'centos' } } },
  { name: 'environment variables', spec: { environmentVariables: { ISTIO_META_DNS_CAPTURE: 'true', ISTIO_META_DNS_AUTO_ALLOCATE: 'true', 'my.var-name': 'x', EMPTY: '' } } },
  { name: 'snake_case environment_variables', spec: { environment_variables: { A: 'b' } } },
];

const invalid: Case[] = [
  { name: 'negative concurrency', spec: { concurrency: -1 }, errors: [['spec.concurrency', 'concurrency must be greater than or equal to 0', 'concurrency: -1']] },
  { name: 'concurrency as string', spec: { concurrency: '2' }, errors: [['spec.concurrency', 'expected an integer, got string "2"']] },
  { name: 'concurrency fractional', spec: { concurrency: 1.5 }, errors: [['spec.concurrency', 'expected an integer']] },
  { name: 'environment value boolean', spec: { environmentVariables: { ISTIO_META_DNS_CAPTURE: true } }, errors: [['spec.environmentVariables.ISTIO_META_DNS_CAPTURE', 'expected a string, got boolean true']] },
  { name: 'environment value number', spec: { environmentVariables: { GOMAXPROCS: 4 } }, errors: [['spec.environmentVariables.GOMAXPROCS', 'expected a string, got number 4']] },
  { name: 'environment value too long', spec: { environmentVariables: { BIG: 'x'.repeat(2049) } }, errors: [['spec.environmentVariables.BIG', 'the maximum is 2048']] },
  { name: 'environment name starting with a digit', spec: { environmentVariables: { '1VAR': 'x' } }, warnings: [['spec.environmentVariables.1VAR', 'is not a valid environment variable name']] },
  { name: 'environment name with space', spec: { environmentVariables: { 'MY VAR': 'x' } }, warnings: [['spec.environmentVariables.MY VAR', 'is not a valid environment variable name']] },
  { name: 'environmentVariables as list', spec: { environmentVariables: [{ name: 'A', value: 'b' }] }, errors: [['spec.environmentVariables', 'expected a map']] },
  { name: 'selector without labels', spec: { selector: {} }, warnings: [['spec.selector.matchLabels', 'workload selector specified without labels']] },
  { name: 'selector wildcard', spec: { selector: { matchLabels: { app: 'rat*' } } }, errors: [['spec.selector.matchLabels.app', 'wildcard is not supported in selector: "app=rat*"']] },
  { name: 'selector empty key', spec: { selector: { matchLabels: { '': 'x' } } }, errors: [['spec.selector.matchLabels.', 'empty key is not supported in selector']] },
  { name: 'selector with labels field', spec: { selector: { labels: { app: 'a' } } }, errors: [['spec.selector.labels', 'unknown field "labels" in spec.selector']] },
  { name: 'imageType with colon', spec: { image: { imageType: 'debug:1.2' } }, warnings: [['spec.image.imageType', 'cannot be part of an image tag']] },
  { name: 'image as string', spec: { image: 'distroless' }, errors: [['spec.image', 'expected an object']] },
  { name: 'typo concurency', spec: { concurency: 2 }, errors: [['spec.concurency', 'did you mean "concurrency"?', 'concurency']] },
  { name: 'typo environmentVariable', spec: { environmentVariable: { A: 'b' } }, errors: [['spec.environmentVariable', 'did you mean "environmentVariables"?']] },
  { name: 'v1 is not served', apiVersion: 'networking.istio.io/v1', spec: {}, errors: [['', 'not served at version "v1"']] },
  { name: 'v1alpha3 is not served', apiVersion: 'networking.istio.io/v1alpha3', spec: {}, errors: [['', 'use one of v1beta1']] },
];

const seedDoc = (spec: string): string => `apiVersion: networking.istio.io/v1beta1\nkind: ProxyConfig\nmetadata:\n  name: foo-proxyconfig\nspec:\n${spec}\n`;
const seeds: Case[] = [
  { name: 'seed 003 concurrency: 0', yaml: seedDoc('  concurrency: 0') },
  {
    name: 'seed 003 environmentVariables with an unquoted true',
    yaml: seedDoc('  environmentVariables:\n    ISTIO_META_DNS_CAPTURE: true'),
    errors: [['spec.environmentVariables.ISTIO_META_DNS_CAPTURE', 'expected a string, got boolean true', 'ISTIO_META_DNS_CAPTURE: true']],
  },
  { name: 'seed 003 environmentVariables quoted', yaml: seedDoc('  environmentVariables:\n    ISTIO_META_DNS_CAPTURE: "true"') },
];

runCases('ProxyConfig valid', valid, OPTS);
runCases('ProxyConfig invalid', invalid, OPTS);
runCases('ProxyConfig seed 003', seeds, OPTS);
