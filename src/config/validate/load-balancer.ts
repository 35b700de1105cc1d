/**
 * Semantic rules for LoadBalancerSettings, after Istio's validateLoadBalancer: consistent hashing
 * (one hash key, cookie name and attributes, ring hash vs Maglev and its prime table size),
 * locality vs zone-aware settings, and slow-start warmup. `simple` vs `consistentHash` and the
 * hash-key oneof are enforced by the schema.
 */
import type { ConsistentHashLB, LoadBalancerSettings, OutlierDetection } from '../../api/networking/destination-rule.ts';
import type { ValidationContext } from './context.ts';
import { validateLocalityLbSetting, validateZoneAwareLbSetting } from './locality-lb.ts';
import { checkDuration, checkMin1ms, checkNonNegative } from './duration-checks.ts';

const MAGLEV_MAX_TABLE_SIZE = 5000011;

/** Envoy's primality test for Maglev table sizes. */
export function isPrime(x: number): boolean {
  if (x !== 0 && x < 4) return true;
  if (x % 2 === 0) return false;
  const limit = Math.floor(Math.sqrt(x));
  for (let f = 3; f <= limit; f += 2) if (x % f === 0) return false;
  return true;
}

function validateHttpCookie(ch: ConsistentHashLB, path: string, ctx: ValidationContext): void {
  const cookie = ch.httpCookie;
  if (!cookie) return;
  const p = `${path}.httpCookie`;
  if (cookie.name === '') ctx.error(`${p}.name`, 'name required for HttpCookie; set the name of the cookie to hash on', cookie, 'name');
  if (cookie.ttl !== undefined) checkNonNegative(ctx, cookie, 'ttl', p);
  const names = new Set<string>();
  (cookie.attributes ?? []).forEach((a, i) => {
    const ap = `${p}.attributes[${i}].name`;
    if (a.name === '') ctx.error(ap, 'cookie attribute name cannot be empty', a, 'name');
    else if (names.has(a.name)) ctx.error(ap, `duplicate cookie attribute name: ${a.name}`, a, 'name');
    else names.add(a.name);
  });
}

function validateConsistentHash(ch: ConsistentHashLB | undefined, path: string, ctx: ValidationContext, holder: Record<string, unknown>): void {
  if (!ch) return;
  if (ch.httpHeaderName === undefined && ch.httpCookie === undefined && ch.useSourceIp === undefined && ch.httpQueryParameterName === undefined) {
    ctx.warn(path, 'consistentHash has no hash key, so requests are spread as if at random; set one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName', holder, 'consistentHash');
  }
  if (ch.httpHeaderName === '') ctx.error(`${path}.httpHeaderName`, 'httpHeaderName must not be empty; name the request header to hash on', ch, 'httpHeaderName');
  if (ch.httpQueryParameterName === '') ctx.error(`${path}.httpQueryParameterName`, 'httpQueryParameterName must not be empty; name the query parameter to hash on', ch, 'httpQueryParameterName');
  validateHttpCookie(ch, path, ctx);
  if (ch.minimumRingSize !== undefined && ch.minimumRingSize !== 0 && (ch.ringHash || ch.maglev)) {
    ctx.error(`${path}.minimumRingSize`, 'only one of MinimumRingSize or Maglev/Ringhash can be specified; move the value to ringHash.minimumRingSize', ch, 'minimumRingSize');
  }
  const ml = ch.maglev;
  if (ml) {
    const size = ml.tableSize ?? 0;
    const p = `${path}.maglev.tableSize`;
    const at: [unknown, string] = ml.tableSize === undefined ? [ch, 'maglev'] : [ml, 'tableSize'];
    if (size === 0) ctx.error(p, 'tableSize must be set for maglev; use a prime such as 65537', ...at);
    else if (size >= MAGLEV_MAX_TABLE_SIZE) ctx.error(p, `tableSize must be less than ${MAGLEV_MAX_TABLE_SIZE} for maglev`, ...at);
    else if (!isPrime(size)) ctx.error(p, `tableSize must be a prime number for maglev, got ${size} (65537 is the default)`, ...at);
  }
}

function validateWarmup(lb: LoadBalancerSettings, path: string, ctx: ValidationContext): void {
  if (lb.warmupDurationSecs !== undefined) checkMin1ms(ctx, lb, 'warmupDurationSecs', path);
  const w = lb.warmup;
  if (!w) return;
  checkDuration(ctx, w, 'duration', `${path}.warmup`);
  if (w.aggression !== undefined && w.aggression <= 0) ctx.error(`${path}.warmup.aggression`, `aggression should be greater than 0, got ${w.aggression}; 1.0 ramps traffic up linearly`, w, 'aggression');
}

export function validateLoadBalancer(lb: LoadBalancerSettings | undefined, outlier: OutlierDetection | undefined, path: string, ctx: ValidationContext): void {
  if (!lb) return;
  validateConsistentHash(lb.consistentHash, `${path}.consistentHash`, ctx, lb);
  if (lb.localityLbSetting && lb.zoneAwareLbSetting) {
    ctx.error(`${path}.zoneAwareLbSetting`, 'only one of localityLbSetting and zoneAwareLbSetting can be set', lb, 'zoneAwareLbSetting');
  }
  validateLocalityLbSetting(lb.localityLbSetting, outlier, `${path}.localityLbSetting`, ctx);
  validateZoneAwareLbSetting(lb.zoneAwareLbSetting, outlier, `${path}.zoneAwareLbSetting`, ctx);
  validateWarmup(lb, path, ctx);
}
