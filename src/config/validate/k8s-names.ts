/**
 * Kubernetes name rules (k8s.io/apimachinery validation), worded after its messages: DNS-1123
 * labels and subdomains, IANA service names (named ports), ConfigMap/Secret keys, and label
 * selectors (matchLabels + matchExpressions). Each returns a message, or undefined when fine.
 */
import type { LabelSelector } from '../../api/kubernetes/common.ts';
import type { ValidationContext } from './context.ts';
import { validateLabelKey, validateLabelValue } from './rules/values.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** A lower-case RFC 1123 label: Service port names, container names, hostnames. */
export function dns1123LabelProblem(s: string): string | undefined {
  if (s.length > 63) return `"${s}" must be no more than 63 characters`;
  if (!DNS1123_LABEL.test(s)) return `"${s}" must be a lowercase RFC 1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit`;
  return undefined;
}

/** A lower-case RFC 1123 subdomain: node names, ExternalName targets, FQDN endpoint addresses. */
export function dns1123SubdomainProblem(s: string): string | undefined {
  if (s.length > 253) return `"${s}" must be no more than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(s)) return `"${s}" must be a lowercase RFC 1123 subdomain: lower-case labels of letters, digits and '-', separated by '.'`;
  return undefined;
}

/** IANA_SVC_NAME: how named ports (containerPort names, string targetPorts) are written. */
export function ianaSvcNameProblem(s: string): string | undefined {
  if (s.length > 15) return `port name "${s}" must be no more than 15 characters`;
  if (!/^[-a-z0-9]+$/.test(s)) return `port name "${s}" must contain only lower-case letters, digits and '-'`;
  if (!/[a-z]/.test(s)) return `port name "${s}" must contain at least one letter`;
  if (s.includes('--')) return `port name "${s}" must not contain consecutive hyphens`;
  if (s.startsWith('-') || s.endsWith('-')) return `port name "${s}" must not begin or end with a hyphen`;
  return undefined;
}

/** Keys of ConfigMap data/binaryData and Secret data/stringData. */
export function configKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'key must not be empty';
  if (key.length > 253) return `key "${key.slice(0, 40)}…" must be no more than 253 characters`;
  if (!CONFIG_KEY.test(key)) return `invalid key "${key}": a valid key must consist of alphanumeric characters, '-', '_' or '.'`;
  if (key === '.' || key === '..') return `invalid key "${key}": must not be '.' or '..'`;
  if (key.startsWith('..')) return `invalid key "${key}": must not start with '..'`;
  return undefined;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Label keys and values of a map (metadata.labels, Service selector, matchLabels), reported per key. */
export function checkLabelMap(labels: Record<string, string> | undefined, path: string, ctx: ValidationContext): void {
  if (!labels) return;
  for (const k in labels) {
    if (!hasOwn.call(labels, k)) continue;
    const v = labels[k];
    const e = validateLabelKey(k) ?? validateLabelValue(String(v));
    if (e) ctx.error(`${path}.${k}`, e, labels, k);
  }
}

/** meta/v1 LabelSelector: label syntax, and values present exactly for In / NotIn. */
export function checkLabelSelector(sel: LabelSelector | undefined, path: string, ctx: ValidationContext): void {
  if (!sel) return;
  checkLabelMap(sel.matchLabels, `${path}.matchLabels`, ctx);
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const keyProblem = validateLabelKey(req.key);
    if (keyProblem) ctx.error(`${p}.key`, keyProblem, req, 'key');
    const n = req.values?.length ?? 0;
    if ((req.operator === 'In' || req.operator === 'NotIn') && n === 0) {
      ctx.error(`${p}.values`, `values must be non-empty when operator is ${req.operator}`, req, 'operator');
    }
    if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && n > 0) {
      ctx.error(`${p}.values`, `values must be empty when operator is ${req.operator}`, req, 'values');
    }
    (req.values ?? []).forEach((v, j) => {
      const e = validateLabelValue(v);
      if (e) ctx.error(`${p}.values[${j}]`, e, req.values, j);
    });
  });
}

/** Whether a LabelSelector selects a set of labels (Kubernetes semantics; an empty selector selects everything). */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  const want = sel.matchLabels;
  if (want) for (const k in want) if (hasOwn.call(want, k) && labels[k] !== want[k]) return false;
  for (const req of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const inValues = has && (req.values ?? []).includes(labels[req.key]);
    if (req.operator === 'In' && !inValues) return false;
    if (req.operator === 'NotIn' && inValues) return false;
    if (req.operator === 'Exists' && !has) return false;
    if (req.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
