/** One document → resources: identity checks, Lists, unknown kinds and versions, names, validators. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from './diagnostic.ts';
import { decodeText } from './decode.ts';
import { documentToResources, type ToResourceOptions } from './to-resource.ts';
import type { Validator } from './validate/context.ts';
import { VALIDATORS } from './validate/index.ts';

function convert(text: string, opts: ToResourceOptions = {}): { resources: { kind: string; metadata: { name: string; namespace: string } }[]; diagnostics: Diagnostic[] } {
  const decoded = decodeText(text, 'f.yaml');
  assert.deepEqual(decoded.diagnostics, []);
  assert.equal(decoded.documents.length, 1);
  return documentToResources(decoded.documents[0], 'f.yaml', opts);
}

const messages = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.severity} ${d.line}:${d.col} ${d.message}`);

describe('identity', () => {
  test('a valid namespaced resource, defaulted namespace', () => {
    const r = convert('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {a: b}\n', { defaultNamespace: 'shop' });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.resources[0].metadata.namespace, 'shop');
  });

  test('cluster-scoped kinds have no namespace', () => {
    const r = convert('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: ignored}\n');
    assert.equal(r.resources[0].metadata.namespace, '');
  });

  test('apiVersion and kind must be non-empty strings', () => {
    assert.deepEqual(messages(convert('apiVersion: 1\nkind: X\n').diagnostics), ['Error 1:1 "apiVersion" must be a non-empty string']);
    assert.deepEqual(messages(convert('apiVersion: v1\nkind: ""\n').diagnostics), ['Error 2:1 "kind" must be a non-empty string']);
  });

  test('metadata is required, and so is its name (or generateName)', () => {
    assert.deepEqual(messages(convert('apiVersion: v1\nkind: ConfigMap\n').diagnostics), ['Error 1:1 missing "metadata"; the object needs at least metadata.name']);
    assert.deepEqual(messages(convert('apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: b}}\n').diagnostics), ['Error 3:11 metadata.name is required']);
    assert.deepEqual(convert('apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: cm-}\n').diagnostics, []);
  });

  test('names and namespaces must be DNS names', () => {
    const r = convert('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: -bad-\n  namespace: Shop\n');
    assert.deepEqual(messages(r.diagnostics).map((m) => m.replace(/:.*$/, '')), ['Error 4', 'Error 5']);
    assert.match(r.diagnostics[0].message, /metadata.name "-bad-" is not a valid name/);
    assert.match(r.diagnostics[1].message, /metadata.namespace "Shop" is not a valid namespace name/);
  });

  test('diagnostics name the resource', () => {
    const d = convert('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: shop}\ndta: {}\n').diagnostics[0];
    assert.deepEqual([d.kind, d.namespace, d.name, d.path], ['ConfigMap', 'shop', 'cm', 'dta']);
    assert.match(d.message, /unknown field "dta" in the resource \(did you mean "data"\?\)/);
  });
});

describe('kinds and versions', () => {
  test('an unknown kind of an unknown group is skipped with a warning', () => {
    assert.deepEqual(messages(convert('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n').diagnostics), ['Warning 2:1 skipping unknown kind Widget (apiVersion example.com/v1)']);
  });

  test('an unknown kind of an Istio group is an error with a suggestion', () => {
    const r = convert('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicies\nmetadata: {name: a}\n');
    assert.match(r.diagnostics[0].message, /^unknown kind "AuthorizationPolicies" in security.istio.io \(did you mean "AuthorizationPolicy"\?\); known kinds: /);
    assert.deepEqual([r.diagnostics[0].line, r.diagnostics[0].col], [2, 7]);
  });

  test('invisible characters in a kind are named', () => {
    const r = convert('apiVersion: networking.istio.io/v1\nkind: "Gateway\\u200b"\nmetadata: {name: a}\n');
    assert.match(r.diagnostics[0].message, /it contains the invisible character U\+200B.*did you mean "Gateway"/);
  });

  test('a known kind under another group is a wrong apiVersion', () => {
    const r = convert('apiVersion: networking.k8s.io/v1\nkind: VirtualService\nmetadata: {name: a}\n');
    assert.match(r.diagnostics[0].message, /^unknown apiVersion "networking.k8s.io\/v1" for kind VirtualService; expected networking.istio.io\/v1/);
  });

  test('a version that is not served', () => {
    const r = convert('apiVersion: networking.istio.io/v2\nkind: Gateway\nmetadata: {name: a}\n');
    assert.match(r.diagnostics[0].message, /^networking.istio.io Gateway is not served at version "v2"; use one of v1, v1beta1, v1alpha3/);
  });

  test('a deprecated version loads with a warning on apiVersion', () => {
    const r = convert('apiVersion: networking.istio.io/v1alpha3\nkind: Gateway\nmetadata: {name: a}\nspec:\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n');
    assert.equal(r.resources.length, 1);
    assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.line, d.col]), [['Warning', 1, 1]]);
  });
});

describe('kubectl List', () => {
  test('items are converted one by one; decoder findings go to the item that holds them', () => {
    const decoded = decodeText('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {}\n  data: {}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b}\n', 'f.yaml');
    const r = documentToResources(decoded.documents[0], 'f.yaml');
    assert.deepEqual(r.resources.map((x) => x.metadata.name), ['b']);
    assert.deepEqual(messages(r.diagnostics), ['Error 8:3 duplicate key "data" (first defined at line 7); YAML keeps only the last one, so the first is silently lost']);
    assert.equal(r.diagnostics[0].kind, 'ConfigMap');
    assert.equal(r.diagnostics[0].name, 'a');
  });

  test('a List without items', () => {
    assert.deepEqual(messages(convert('apiVersion: v1\nkind: List\nmetadata: {}\n').diagnostics), ['Error 1:1 a List needs an "items" list']);
  });
});

describe('semantic validators', () => {
  test('run after a clean schema check, not after a failed one; schemaOnly skips them', () => {
    const table = VALIDATORS as Record<string, Validator>;
    const saved = table.Namespace;
    let calls = 0;
    table.Namespace = (r, ctx) => {
      calls++;
      ctx.warn('metadata.name', 'checked', r.body, 'metadata');
    };
    try {
      assert.deepEqual(messages(convert('apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n').diagnostics), ['Warning 1:1 metadata.name: checked']);
      convert('apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\nbogus: 1\n');
      convert('apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n', { schemaOnly: true });
      assert.equal(calls, 1);
    } finally {
      table.Namespace = saved;
    }
  });

  test('a validator that throws becomes an error, not a crash', () => {
    const table = VALIDATORS as Record<string, Validator>;
    const saved = table.Namespace;
    table.Namespace = () => {
      throw new Error('boom');
    };
    try {
      const r = convert('apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n');
      assert.equal(r.resources.length, 0);
      assert.match(r.diagnostics[0].message, /internal error while validating: boom/);
    } finally {
      table.Namespace = saved;
    }
  });
});
