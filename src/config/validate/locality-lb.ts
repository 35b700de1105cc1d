/**
 * Semantic rules for locality-aware and zone-aware load balancing, after Istio's
 * ValidateLocalityLbSetting / ValidateZoneAwareLbSetting: `distribute` xor `failover`, weights
 * 1..100 summing to 100, `region/zone/subzone` syntax with at most one trailing `*`, no overlapping
 * localities, region-only failover, and failoverPriority labels that do not fight `failover`.
 */
import type { LocalityLoadBalancerSetting, OutlierDetection, ZoneAwareLoadBalancerSetting } from '../../api/networking/destination-rule.ts';
import type { ValidationContext } from './context.ts';

const TOPOLOGY_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone'];

/** Tree of region → zone → subzone already claimed; `*` claims everything below it. */
type Claims = Map<string, Map<string, Set<string>>>;

/** Returns a problem with `locality` given the ones before it, and records its claim. */
function claimLocality(claims: Claims, locality: string): string | undefined {
  const stars = locality.split('*').length - 1;
  if (stars > 1 || (stars === 1 && !locality.endsWith('*'))) return `locality ${locality} wildcard '*' number can not exceed 1 and must be in the end`;
  const overlap = `locality ${locality} overlap with previous specified ones`;
  if (claims.has('*')) return overlap;
  const items = splitN(locality, '/', 3);
  if (items.some((x) => x === '')) return `locality ${locality} must not contain empty region/zone/subzone info; write region, region/zone or region/zone/subzone`;
  const [region, zone, subzone] = items;
  const zones = claims.get(region);
  if (items.length === 1) {
    if (zones) return overlap;
    claims.set(region, new Map([['*', new Set(['*'])]]));
    return undefined;
  }
  if (!zones) {
    claims.set(region, new Map([[zone, new Set([items.length === 2 ? '*' : subzone])]]));
    return undefined;
  }
  if (zones.has('*')) return overlap;
  const subs = zones.get(zone);
  if (items.length === 2) {
    if (subs) return overlap;
    zones.set(zone, new Set(['*']));
    return undefined;
  }
  if (subs && (subs.has('*') || subs.has(subzone))) return overlap;
  if (subs) subs.add(subzone);
  else zones.set(zone, new Set([subzone]));
  return undefined;
}

function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function validateDistribute(lb: LocalityLoadBalancerSetting, path: string, ctx: ValidationContext): boolean {
  const srcClaims: Claims = new Map();
  for (const [i, d] of (lb.distribute ?? []).entries()) {
    const p = `${path}.distribute[${i}]`;
    const to = d.to ?? {};
    let total = 0;
    const destClaims: Claims = new Map();
    for (const [loc, w] of Object.entries(to)) {
      if (w <= 0 || w > 100) {
        ctx.error(`${p}.to.${loc}`, `locality weight must be in range [1, 100], got ${w}`, to, loc);
        return false;
      }
      total += w;
    }
    if (total !== 100) {
      ctx.error(`${p}.to`, `total locality weight ${total} != 100; the weights of one "to" map must add up to 100`, d, 'to');
      return false;
    }
    for (const loc of Object.keys(to)) {
      const e = claimLocality(destClaims, loc);
      if (e) {
        ctx.error(`${p}.to.${loc}`, e, to, loc);
        break;
      }
    }
    const e = claimLocality(srcClaims, d.from ?? '');
    if (e) ctx.error(`${p}.from`, e, d.from === undefined ? lb.distribute : d, d.from === undefined ? i : 'from');
  }
  return true;
}

function validateFailover(list: { from?: string; to?: string }[] | undefined, path: string, what: string, ctx: ValidationContext): void {
  (list ?? []).forEach((f, i) => {
    const p = `${path}[${i}]`;
    const from = f.from ?? '';
    const to = f.to ?? '';
    if (from === to) ctx.error(`${p}.to`, `${what} failover settings must specify different regions (from and to are both "${from}")`, f.to === undefined ? list : f, f.to === undefined ? i : 'to');
    if (from.includes('/') || to.includes('/')) {
      const k = from.includes('/') ? 'from' : 'to';
      ctx.error(`${p}.${k}`, what === 'locality lb' ? 'locality lb failover only specify region; write a region name such as us-east, without "/"' : 'zone aware lb failover only specifies region; zone and subzone failover are handled automatically', f, k);
    }
    if (from.includes('*') || to.includes('*')) {
      const k = from.includes('*') ? 'from' : 'to';
      ctx.error(`${p}.${k}`, `${what} failover region should not contain '*' wildcard`, f, k);
    }
  });
}

export function validateLocalityLbSetting(lb: LocalityLoadBalancerSetting | undefined, outlier: OutlierDetection | undefined, path: string, ctx: ValidationContext): void {
  if (!lb) return;
  const hasFailover = (lb.failover?.length ?? 0) > 0;
  if ((lb.distribute?.length ?? 0) > 0 && hasFailover) {
    ctx.error(`${path}.failover`, "can not simultaneously specify 'distribute' and 'failover'; use one of them", lb, 'failover');
    return;
  }
  if (hasFailover) {
    const i = (lb.failoverPriority ?? []).findIndex((l) => TOPOLOGY_LABELS.includes(l));
    if (i >= 0) {
      ctx.error(`${path}.failoverPriority[${i}]`, `can not simultaneously set 'failover' and topology label '${lb.failoverPriority![i]}' in 'failover_priority'`, lb.failoverPriority, i);
      return;
    }
  }
  if (!validateDistribute(lb, path, ctx)) return;
  if ((hasFailover || (lb.failoverPriority?.length ?? 0) > 0) && !outlier) {
    ctx.warn(path, 'outlier detection policy must be provided for failover; without outlierDetection unhealthy endpoints are never ejected, so failover never happens', lb, hasFailover ? 'failover' : 'failoverPriority');
  }
  validateFailover(lb.failover, `${path}.failover`, 'locality lb', ctx);
}

export function validateZoneAwareLbSetting(lb: ZoneAwareLoadBalancerSetting | undefined, outlier: OutlierDetection | undefined, path: string, ctx: ValidationContext): void {
  if (!lb) return;
  (lb.failoverPriority ?? []).forEach((l, i) => {
    if (TOPOLOGY_LABELS.includes(l)) {
      ctx.error(`${path}.failoverPriority[${i}]`, `'failover_priority' for zone aware lb must not use topology label '${l}'; region- and zone-level routing are handled automatically`, lb.failoverPriority, i);
    }
  });
  const hasFailover = (lb.failover?.length ?? 0) > 0;
  if ((hasFailover || (lb.failoverPriority?.length ?? 0) > 0) && !outlier) {
    ctx.warn(path, 'outlier detection policy must be provided for failover; without outlierDetection unhealthy endpoints are never ejected, so failover never happens', lb, hasFailover ? 'failover' : 'failoverPriority');
  }
  validateFailover(lb.failover, `${path}.failover`, 'zone aware lb', ctx);
}
