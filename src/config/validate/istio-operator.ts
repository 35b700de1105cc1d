/**
 * Semantic rules for IstioOperator, after istioctl's checks (operator/pkg/apis/validation):
 * known profile names, image hub and tag syntax, revision and namespace names, the
 * `major.minor` compatibility version, gateway components that have valid, unique names and
 * labels, the mesh config (istio-operator-mesh.ts), and warnings for deprecated Helm values.
 */
import type { ComponentSpec, GatewayComponentSpec, IstioOperatorSpec, KubernetesResources } from '../../api/install/istio-operator.ts';
import type { Resource } from '../../api/resource.ts';
import { didYouMean } from '../../common/suggest.ts';
import { DEFAULT_ISTIO_NAMESPACE, isProfileName, PROFILE_NAMES } from '../../install/profiles.ts';
import type { ValidationContext } from './context.ts';
import { validateOperatorMeshConfig } from './istio-operator-mesh.ts';
import { deprecatedValuesIn } from './istio-operator-values.ts';
import { isDNS1123Label } from './rules/hosts.ts';
import { labelProblems } from './rules/values.ts';

/** Docker image tag: word characters, dots and dashes, at most 128 characters, not starting with `.` or `-`. */
const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
/** Registry host (with optional port) followed by lower-case repository path components. */
const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const REGISTRY = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const SINGLE_COMPONENTS = ['pilot', 'cni', 'ztunnel', 'istiodRemote'] as const;

export function validateHub(hub: string): string | undefined {
  if (hub === '') return undefined;
  const parts = hub.split('/');
  const registry = parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost') ? parts.shift()! : undefined;
  if (registry !== undefined && !REGISTRY.test(registry)) return `bad hub "${hub}": invalid registry "${registry}"`;
  const bad = parts.find((p) => !REPO_COMPONENT.test(p));
  if (bad !== undefined) return `bad hub "${hub}": repository path component "${bad}" must be lower-case letters, digits and separators (., _, __, -)`;
  return undefined;
}

export function validateTag(tag: unknown): string | undefined {
  if (tag === undefined) return undefined;
  if (typeof tag !== 'string' && typeof tag !== 'number') return `bad tag: expected a string or a number, got ${Array.isArray(tag) ? 'a list' : typeof tag}`;
  const t = String(tag);
  if (!IMAGE_TAG.test(t)) return `bad tag "${t}": a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'`;
  return undefined;
}

export function validateIstioOperator(r: Resource<IstioOperatorSpec>, ctx: ValidationContext): void {
  const spec = r.spec;
  if (spec.profile !== undefined && !isProfileName(spec.profile)) {
    ctx.error('spec.profile', `unknown profile "${spec.profile}"; known profiles: ${PROFILE_NAMES.join(', ')}${didYouMean(spec.profile, PROFILE_NAMES)}`, spec, 'profile');
  }
  checkImage(spec, 'spec', ctx);
  if (spec.revision !== undefined && spec.revision !== '' && !isDNS1123Label(spec.revision)) {
    ctx.error('spec.revision', `invalid revision specified: ${spec.revision} (a revision is a DNS-1123 label: lower-case letters, digits and '-')`, spec, 'revision');
  }
  if (spec.compatibilityVersion !== undefined && !/^[0-9]+\.[0-9]+$/.test(spec.compatibilityVersion)) {
    ctx.error('spec.compatibilityVersion', `compatibilityVersion "${spec.compatibilityVersion}" must be in major.minor form, such as 1.23`, spec, 'compatibilityVersion');
  }
  checkNamespace(spec.namespace, 'spec.namespace', spec, 'namespace', ctx);
  for (const f of ['meshConfig', 'values', 'unvalidatedValues'] as const) {
    const v = spec[f];
    if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))) ctx.error(`spec.${f}`, `${f} must be an object`, spec, f);
  }
  validateOperatorMeshConfig(spec, ctx);
  validateComponents(spec, ctx);
  const ns = (spec.values as { global?: { istioNamespace?: unknown } } | undefined)?.global?.istioNamespace;
  if (typeof ns === 'string') checkNamespace(ns, 'spec.values.global.istioNamespace', (spec.values as any).global, 'istioNamespace', ctx);
  for (const d of deprecatedValuesIn(spec.values)) ctx.warn(`spec.values.${d.path}`, `values.${d.path} is deprecated: ${d.advice}`, d.holder, d.key);
}

function checkNamespace(ns: string | undefined, path: string, holder: unknown, key: string, ctx: ValidationContext): void {
  if (ns === undefined || ns === '') return;
  if (!isDNS1123Label(ns) || ns !== ns.toLowerCase()) ctx.error(path, `namespace "${ns}" is not a valid namespace name (a DNS-1123 label: lower-case letters, digits and '-')`, holder, key);
}

function checkImage(o: { hub?: string; tag?: unknown }, path: string, ctx: ValidationContext): void {
  const h = o.hub === undefined ? undefined : validateHub(o.hub);
  if (h) ctx.error(`${path}.hub`, h, o, 'hub');
  const t = validateTag(o.tag);
  if (t) ctx.error(`${path}.tag`, t, o, 'tag');
  else if (typeof o.tag === 'number' && !Number.isInteger(o.tag)) {
    ctx.warn(`${path}.tag`, `tag ${o.tag} is a YAML number, so trailing zeros are lost (1.20 reads as 1.2); quote it, as in tag: "${o.tag}"`, o, 'tag');
  }
}

function checkK8s(k8s: KubernetesResources | undefined, path: string, ctx: ValidationContext): void {
  if (!k8s) return;
  if (k8s.imagePullPolicy !== undefined && !PULL_POLICIES.includes(k8s.imagePullPolicy)) {
    ctx.error(`${path}.imagePullPolicy`, `unknown imagePullPolicy "${k8s.imagePullPolicy}"; expected one of ${PULL_POLICIES.join(', ')}${didYouMean(k8s.imagePullPolicy, PULL_POLICIES)}`, k8s, 'imagePullPolicy');
  }
  for (const [key, e] of labelProblems(k8s.nodeSelector)) ctx.error(`${path}.nodeSelector.${key}`, e, k8s.nodeSelector, key);
  (k8s.overlays ?? []).forEach((o, i) => {
    if (!o.kind) ctx.error(`${path}.overlays[${i}].kind`, 'overlay kind must be set: the kind of the rendered resource to patch', k8s.overlays, i);
    if (!o.name) ctx.error(`${path}.overlays[${i}].name`, 'overlay name must be set: the name of the rendered resource to patch', k8s.overlays, i);
  });
}

function validateComponent(c: ComponentSpec, path: string, ctx: ValidationContext): void {
  checkNamespace(c.namespace, `${path}.namespace`, c, 'namespace', ctx);
  checkImage(c, path, ctx);
  checkK8s(c.k8s, `${path}.k8s`, ctx);
}

function validateComponents(spec: IstioOperatorSpec, ctx: ValidationContext): void {
  const cs = spec.components;
  if (!cs) return;
  checkK8s(cs.base?.k8s, 'spec.components.base.k8s', ctx);
  for (const name of SINGLE_COMPONENTS) {
    const c = cs[name];
    if (c) validateComponent(c, `spec.components.${name}`, ctx);
  }
  const defaultNs = spec.namespace || DEFAULT_ISTIO_NAMESPACE;
  const seen = new Map<string, string>();
  for (const list of ['ingressGateways', 'egressGateways'] as const) {
    (cs[list] ?? []).forEach((gw: GatewayComponentSpec, i: number) => {
      const p = `spec.components.${list}[${i}]`;
      validateComponent(gw, p, ctx);
      for (const [key, e] of labelProblems(gw.label)) ctx.error(`${p}.label.${key}`, e, gw.label, key);
      if (!gw.name) {
        ctx.error(`${p}.name`, `gateway name must be set: every entry of ${list} names the gateway Deployment and Service it renders`, cs[list], i);
        return;
      }
      if (gw.name.length > 253 || !DNS1123_SUBDOMAIN.test(gw.name)) {
        ctx.error(`${p}.name`, `invalid value ${list}.name: ${gw.name} (use lower-case letters, digits, '-' and '.')`, gw, 'name');
        return;
      }
      const key = `${gw.namespace || defaultNs}/${gw.name}`;
      const first = seen.get(key);
      if (first) ctx.error(`${p}.name`, `duplicate gateway ${key}: already defined at ${first}; both would render the same Deployment`, gw, 'name');
      else seen.set(key, p);
    });
  }
}
