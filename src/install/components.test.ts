/** Profiles and component resolution: what each profile installs, and seed 004's gateway-only install. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installedComponents, mergedSpec } from './components.ts';
import { mergeSpec, PROFILE_NAMES, profileSpec } from './profiles.ts';

const names = (profile: string): string[] | undefined => installedComponents({ profile })?.map((c) => `${c.component}:${c.name}@${c.namespace}`);

test('profiles: the components each one installs', () => {
  const base = 'base:base@istio-system';
  const istiod = 'pilot:istiod@istio-system';
  const ingress = 'ingressGateways:istio-ingressgateway@istio-system';
  const egress = 'egressGateways:istio-egressgateway@istio-system';
  assert.deepEqual(names('default'), [base, istiod, ingress]);
  assert.deepEqual(names('demo'), [base, istiod, ingress, egress]);
  assert.deepEqual(names('minimal'), [base, istiod]);
  assert.deepEqual(names('remote'), [base, istiod]);
  assert.deepEqual(names('empty'), []);
  assert.deepEqual(names('preview'), [base, istiod, ingress]);
  assert.deepEqual(names('stable'), [base, istiod, ingress]);
  assert.deepEqual(names('ambient'), [base, istiod, 'cni:istio-cni-node@istio-system', 'ztunnel:ztunnel@istio-system']);
  assert.deepEqual(names('openshift'), [base, istiod, ingress, 'cni:istio-cni-node@kube-system']);
  assert.deepEqual(names('openshift-ambient'), [base, istiod, 'cni:istio-cni-node@kube-system', 'ztunnel:ztunnel@kube-system']);
});

test('profiles: unset profile means default; unknown profile resolves to nothing', () => {
  assert.deepEqual(installedComponents({}), installedComponents({ profile: 'default' }));
  assert.equal(installedComponents({ profile: 'production' }), undefined);
  assert.equal(profileSpec('nope'), undefined);
  for (const p of PROFILE_NAMES) assert.ok(profileSpec(p), p);
});

test('profiles: values each profile sets', () => {
  assert.equal((profileSpec('demo')!.values as any).profile, 'demo');
  assert.equal((profileSpec('openshift')!.values as any).global.platform, 'openshift');
  assert.equal((profileSpec('openshift')!.values as any).global.istioNamespace, 'istio-system');
  assert.equal((profileSpec('default')!.values as any).profile, undefined);
});

test('seed 004: profile empty alone installs nothing', () => {
  assert.deepEqual(installedComponents({ profile: 'empty' }), []);
});

test('seed 004: profile empty with one enabled ingress gateway installs just that gateway', () => {
  const got = installedComponents({ profile: 'empty', components: { ingressGateways: [{ enabled: true, name: 'istio-ingressgateway' }] } });
  assert.deepEqual(
    got?.map((c) => [c.component, c.name, c.namespace]),
    [['ingressGateways', 'istio-ingressgateway', 'istio-system']],
  );
});

test('seed 004: spec.namespace and the gateway namespace place the gateway outside istio-system', () => {
  const bySpec = installedComponents({ profile: 'empty', namespace: 'team-a', components: { ingressGateways: [{ name: 'gw-a' }] } });
  assert.deepEqual(bySpec?.map((c) => `${c.name}@${c.namespace}`), ['gw-a@team-a']);
  const byGateway = installedComponents({
    profile: 'empty',
    components: { ingressGateways: [{ name: 'gw-a', namespace: 'team-a', label: { istio: 'gw-a' } }, { name: 'gw-b', namespace: 'team-b', enabled: false }] },
  });
  assert.deepEqual(byGateway?.map((c) => `${c.name}@${c.namespace}`), ['gw-a@team-a']);
  assert.deepEqual(byGateway?.[0].label, { istio: 'gw-a' });
});

test('user gateway lists replace the profile list; maps merge', () => {
  const got = installedComponents({ components: { ingressGateways: [{ name: 'my-gw' }], pilot: { k8s: { replicaCount: 3 } } } });
  assert.deepEqual(got?.map((c) => c.name), ['base', 'istiod', 'my-gw']);
  assert.equal(got?.[1].k8s?.replicaCount, 3);
  const disabledPilot = installedComponents({ components: { pilot: { enabled: false } } });
  assert.deepEqual(disabledPilot?.map((c) => c.name), ['base', 'istio-ingressgateway']);
});

test('values.gateways.<name>.enabled force-enables the egress gateway', () => {
  const got = installedComponents({ values: { gateways: { 'istio-egressgateway': { enabled: true } } } });
  assert.ok(got?.some((c) => c.component === 'egressGateways' && c.name === 'istio-egressgateway'));
});

test('hub and tag: component overrides spec', () => {
  const got = installedComponents({ hub: 'gcr.io/x', tag: '1.24.0', components: { pilot: { hub: 'my.registry/istio', tag: 7 } } })!;
  assert.equal(got.find((c) => c.name === 'istiod')?.hub, 'my.registry/istio');
  assert.equal(got.find((c) => c.name === 'istiod')?.tag, 7);
  assert.equal(got.find((c) => c.name === 'base')?.tag, '1.24.0');
});

test('mergeSpec does not share structure with its input', () => {
  const over = { a: { list: [1, 2] } };
  const merged = mergeSpec({ a: { x: 1 } }, over);
  (merged.a as any).list.push(3);
  assert.deepEqual(over.a.list, [1, 2]);
  assert.deepEqual(mergedSpec({ profile: 'demo', revision: 'canary' })?.revision, 'canary');
});
