/**
 * Table tests for core/v1 Secret (base64 data, type-required keys, TLS material parsed with
 * node:crypto, seed 002's istio-ingressgateway-certs) and core/v1 Namespace (injection labels).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { loadText } from '../load.ts';
import { checkCase, runCases, type Case } from './case-table.ts';
import { base64Problem } from './k8s-data.ts';
import { b64, makeCert } from './k8s-test-certs.ts';
import { k8sDoc } from './k8s-test-docs.ts';

/** Seed 002: the Secret the ingress gateway mounts as files; its data values are placeholders. */
export const SEED_002_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: istio-ingressgateway-certs # 予約語
  namespace: istio-system
type: Opaque
data:
  tls.key: my-key-base64
  tls.crt: my-crt-base64
`;

const secret = (body: string): string => k8sDoc('Secret', body);
const O = { kind: 'Secret', apiVersion: 'v1' };

const good = makeCert('gateway.example.com');
const other = makeCert('other.example.com');
const expired = makeCert('old.example.com', new Date('2001-01-01T00:00:00Z'), 10);
const future = makeCert('future.example.com', new Date(Date.now() + 400 * 86_400_000), 10);
const rsaKeyPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const tls = (crt: string, key: string, extra = ''): string => secret(`type: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(crt)}\n  tls.key: ${b64(key)}\n${extra}`);
const corrupt = good.certPem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');

const cases: Case[] = [
  {
    name: 'seed 002 istio-ingressgateway-certs: placeholders are not base64',
    yaml: SEED_002_SECRET,
    errors: [
      ['data[tls.key]', 'illegal base64 data at input byte 2', 'tls.key: my-key-base64'],
      ['data[tls.crt]', 'illegal base64 data at input byte 2', 'tls.crt: my-crt-base64'],
    ],
  },
  { name: 'Opaque with base64 data', yaml: secret(`type: Opaque\ndata:\n  password: ${b64('s3cret')}\n  empty: ""\n`) },
  { name: 'no type defaults to Opaque', yaml: secret(`data:\n  token: ${b64('abc')}\n`) },
  { name: 'stringData', yaml: secret('stringData:\n  config.yaml: "a: 1"\n') },
  { name: 'base64 wrapped over lines', yaml: secret(`data:\n  long: |\n    ${b64('x'.repeat(60)).replace(/(.{40})/, '$1\n    ')}\n`) },
  { name: 'immutable', yaml: secret(`immutable: true\ndata:\n  a: ${b64('x')}\n`) },
  { name: 'kubernetes.io/tls with a valid pair', yaml: tls(good.certPem, good.keyPem) },
  { name: 'kubernetes.io/tls with an RSA key for an EC certificate', yaml: tls(good.certPem, rsaKeyPem), errors: [['data[tls.key]', 'tls.key does not match the certificate in tls.crt']] },
  { name: 'kubernetes.io/tls with a chain and CA', yaml: tls(good.certPem + other.certPem, good.keyPem, `  ca.crt: ${b64(other.certPem)}\n`) },
  { name: 'kubernetes.io/tls via stringData', yaml: secret(`type: kubernetes.io/tls\nstringData:\n  tls.crt: |\n${good.certPem.replace(/^/gm, '    ').trimEnd()}\n  tls.key: |\n${good.keyPem.replace(/^/gm, '    ').trimEnd()}\n`) },
  { name: 'Opaque gateway credential with cert/key/cacert', yaml: secret(`data:\n  cert: ${b64(good.certPem)}\n  key: ${b64(good.keyPem)}\n  cacert: ${b64(other.certPem)}\n`) },
  { name: 'Opaque CA-only credential', yaml: secret(`data:\n  ca.crt: ${b64(other.certPem)}\n`) },

  // base64 and keys
  { name: 'URL-safe base64 is rejected', yaml: secret('data:\n  k: ab-_\n'), errors: [['data[k]', 'illegal base64 data at input byte 2']] },
  { name: 'unpadded base64 is rejected', yaml: secret('data:\n  k: YWJj\n  j: YWI\n'), errors: [['data[j]', 'not a multiple of 4']] },
  { name: 'plain text in data', yaml: secret('data:\n  password: hunter 2\n'), errors: [['data[password]', 'put plain text under stringData', 'password: hunter 2']] },
  { name: 'number in data', yaml: secret('data:\n  port: 8080\n'), errors: [['data.port', 'expected a string']] },
  { name: 'invalid key', yaml: secret(`data:\n  "my key": ${b64('x')}\n`), errors: [['data[my key]', "a valid key must consist of alphanumeric characters, '-', '_' or '.'"]] },
  { name: 'key ..', yaml: secret(`data:\n  "..": ${b64('x')}\n`), errors: [['data[..]', "must not be '.' or '..'"]] },
  { name: 'key in data and stringData', yaml: secret(`data:\n  a: ${b64('x')}\nstringData:\n  a: z\n`), warnings: [['stringData[a]', 'the stringData value wins']] },
  { name: 'unknown top-level field', yaml: secret(`dat:\n  a: ${b64('x')}\n`), errors: [['dat', '(did you mean "data"?)']] },
  { name: 'too large', yaml: secret(`stringData:\n  big: ${'x'.repeat(1024 * 1024 + 1)}\n`), errors: [['data', 'at most 1048576 bytes']] },

  // type-required keys
  { name: 'kubernetes.io/tls without keys', yaml: secret(`type: kubernetes.io/tls\ndata:\n  ca.crt: ${b64(other.certPem)}\n`), errors: [['data[tls.crt]', 'requires the key "tls.crt"', 'ca.crt:'], ['data[tls.key]', 'requires the key "tls.key"']] },
  { name: 'kubernetes.io/tls without data at all', yaml: secret('type: kubernetes.io/tls\n'), errors: [['data[tls.crt]', 'requires the key "tls.crt"'], ['data[tls.key]', 'requires the key']] },
  { name: 'dockerconfigjson requires its key', yaml: secret(`type: kubernetes.io/dockerconfigjson\ndata:\n  a: ${b64('x')}\n`), errors: [['data[.dockerconfigjson]', 'requires the key ".dockerconfigjson"']] },
  { name: 'dockerconfigjson must be JSON', yaml: secret(`type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${b64('{auths')}\n`), errors: [['data[.dockerconfigjson]', 'must be JSON']] },
  { name: 'basic-auth needs username or password', yaml: secret(`type: kubernetes.io/basic-auth\ndata:\n  a: ${b64('x')}\n`), errors: [['data', 'requires "username" or "password"']] },
  { name: 'ssh-auth needs ssh-privatekey', yaml: secret('type: kubernetes.io/ssh-auth\nstringData:\n  key: x\n'), errors: [['data[ssh-privatekey]', 'requires the key "ssh-privatekey"']] },

  // TLS material
  { name: 'tls.crt is not PEM', yaml: tls('hello', good.keyPem), errors: [['data[tls.crt]', 'tls.crt holds no PEM certificate']] },
  { name: 'tls.crt and tls.key swapped', yaml: tls(good.keyPem, good.certPem), errors: [['data[tls.crt]', 'it looks like a private key'], ['data[tls.key]', 'it looks like a certificate']] },
  { name: 'corrupt certificate body', yaml: tls(corrupt, good.keyPem), errors: [['data[tls.crt]', 'tls.crt: certificate 1 of 1 cannot be parsed']] },
  { name: 'corrupt private key', yaml: tls(good.certPem, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), errors: [['data[tls.key]', 'tls.key: the private key cannot be parsed']] },
  { name: 'key of another certificate', yaml: tls(good.certPem, other.keyPem), errors: [['data[tls.key]', 'tls.key does not match the certificate in tls.crt']] },
  { name: 'bad ca.crt', yaml: tls(good.certPem, good.keyPem, `  ca.crt: ${b64('not a cert')}\n`), errors: [['data[ca.crt]', 'ca.crt holds no PEM certificate']] },
  { name: 'expired certificate warns', yaml: tls(expired.certPem, expired.keyPem), warnings: [['data[tls.crt]', 'tls.crt: the certificate expired on 2001-01-11']] },
  { name: 'not yet valid certificate warns', yaml: tls(future.certPem, future.keyPem), warnings: [['data[tls.crt]', 'the certificate is not valid before']] },
  { name: 'Opaque tls.crt without tls.key warns', yaml: secret(`data:\n  tls.crt: ${b64(good.certPem)}\n`), warnings: [['data[tls.crt]', '"tls.key" is missing']] },
  { name: 'Opaque broken tls.key warns', yaml: secret(`data:\n  tls.crt: ${b64(good.certPem)}\n  tls.key: ${b64('nope')}\n`), warnings: [['data[tls.key]', 'a gateway using this Secret as a TLS credential would fail']] },
];

runCases('Secret', cases, O);

test('Secret: seed 002 Secret is rejected, so it does not load', () => {
  const { resources, diagnostics } = loadText(SEED_002_SECRET, 'test.yaml');
  assert.equal(resources.length, 0);
  assert.deepEqual(
    diagnostics.map((d) => `${d.line}:${d.col} ${d.kind} ${d.namespace}/${d.name}`),
    ['8:12 Secret istio-system/istio-ingressgateway-certs', '9:12 Secret istio-system/istio-ingressgateway-certs'],
  );
});

test('Secret: the same Secret with real base64 PEM values is valid', () => {
  const fixed = SEED_002_SECRET.replace('my-key-base64', b64(good.keyPem)).replace('my-crt-base64', b64(good.certPem));
  checkCase({ name: 'fixed seed 002', yaml: fixed }, O);
});

test('base64Problem follows Go standard encoding', () => {
  assert.equal(base64Problem(''), undefined);
  assert.equal(base64Problem('YWJj'), undefined);
  assert.equal(base64Problem('YWI='), undefined);
  assert.equal(base64Problem('YQ=='), undefined);
  assert.equal(base64Problem('YWJj\nYWJj'), undefined);
  assert.match(base64Problem('YQ=a')!, /byte 3/);
  assert.match(base64Problem('Y===')!, /multiple of 4|byte/);
  assert.match(base64Problem('YW J')!, /byte 2/);
});

const ns = (labels: string): string => k8sDoc('Namespace', '', { namespace: null, meta: labels ? `  labels:\n${labels}` : '' });

runCases(
  'Namespace',
  [
    { name: 'plain', yaml: ns('') },
    { name: 'seed 002 istio-injection=enabled', yaml: ns('    istio-injection: enabled\n') },
    { name: 'injection disabled', yaml: ns('    istio-injection: disabled\n') },
    { name: 'revision label', yaml: ns('    istio.io/rev: canary\n') },
    { name: 'injection value typo', yaml: ns('    istio-injection: enable\n'), warnings: [['metadata.labels.istio-injection', '"enable" is neither "enabled" nor "disabled"', 'istio-injection: enable']] },
    { name: 'injection true', yaml: ns('    istio-injection: "true"\n'), warnings: [['metadata.labels.istio-injection', '"true" is neither']] },
    { name: 'both injection labels', yaml: ns('    istio-injection: enabled\n    istio.io/rev: canary\n'), warnings: [['metadata.labels.istio.io/rev', 'is ignored while istio-injection=enabled is set']] },
    { name: 'bad label key', yaml: ns('    "bad key": x\n'), errors: [['metadata.labels.bad key', 'invalid label key']] },
    { name: 'dotted name is not a DNS label', yaml: k8sDoc('Namespace', '', { name: 'my.app', namespace: null }), errors: [['metadata.name', 'invalid Namespace name']] },
    { name: 'spec finalizers and status', yaml: ns('') + 'spec:\n  finalizers: [kubernetes]\nstatus:\n  phase: Active\n' },
    { name: 'status phase typo', yaml: ns('') + 'status:\n  phase: Activ\n', errors: [['status.phase', '(did you mean "Active"?)']] },
  ],
  { kind: 'Namespace', apiVersion: 'v1' },
);
