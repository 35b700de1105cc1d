/**
 * A cluster's load-balancing settings compiled from the Envoy `Cluster` (and its
 * ClusterLoadAssignment policy): the policy, least request `choiceCount`, ring sizes, maglev table
 * size, the panic threshold (`commonLbConfig.healthyPanicThreshold`, default 50%), locality
 * weighting and the overprovisioning factor — with Envoy's defaults and its validation (a bad value
 * rejects the cluster).
 */
import type { Cluster, ClusterLoadAssignment } from '../../../envoy/types.ts';
import { ConfigError } from '../../config/config-error.ts';
import { DEFAULT_TABLE_SIZE, isPrime } from './maglev.ts';
import { DEFAULT_MAX_RING_SIZE, DEFAULT_MIN_RING_SIZE } from './ring-hash.ts';

export type LbPolicy = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'RING_HASH' | 'MAGLEV' | 'CLUSTER_PROVIDED';

export interface LbConfig {
  readonly policy: LbPolicy;
  readonly choiceCount: number;
  readonly activeRequestBias: number;
  readonly minRingSize: number;
  readonly maxRingSize: number;
  readonly tableSize: number;
  /** Percent; 0 disables panic mode. */
  readonly panicThreshold: number;
  readonly localityWeighted: boolean;
  /** Percent (Envoy's default 140). */
  readonly overprovisioningPercent: number;
}

const POLICIES = new Set<string>(['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'RING_HASH', 'MAGLEV', 'CLUSTER_PROVIDED']);
const MAX_MAGLEV_TABLE = 5_000_011;

function uint(v: string | number | undefined, dflt: number, what: string): number {
  if (v === undefined) return dflt;
  const n = typeof v === 'string' ? Number(v) : v;
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${what} must be a non-negative integer (got ${JSON.stringify(v)})`);
  return n;
}

export function compileLbConfig(c: Cluster, cla?: ClusterLoadAssignment): LbConfig {
  const policy = c.lbPolicy ?? 'ROUND_ROBIN';
  if (!POLICIES.has(policy)) throw new ConfigError(`lbPolicy ${policy} is not supported`);
  const choiceCount = uint(c.leastRequestLbConfig?.choiceCount, 2, 'leastRequestLbConfig.choiceCount');
  if (choiceCount < 2) throw new ConfigError(`leastRequestLbConfig.choiceCount must be at least 2 (got ${choiceCount})`);
  const bias = c.leastRequestLbConfig?.activeRequestBias?.defaultValue ?? 1;
  if (!(bias >= 0) || !Number.isFinite(bias)) throw new ConfigError(`leastRequestLbConfig.activeRequestBias must be a non-negative number (got ${JSON.stringify(bias)})`);
  const ring = c.ringHashLbConfig;
  const minRingSize = uint(ring?.minimumRingSize, DEFAULT_MIN_RING_SIZE, 'ringHashLbConfig.minimumRingSize');
  const maxRingSize = uint(ring?.maximumRingSize, DEFAULT_MAX_RING_SIZE, 'ringHashLbConfig.maximumRingSize');
  if (minRingSize < 1 || maxRingSize > DEFAULT_MAX_RING_SIZE) throw new ConfigError(`ring hash sizes must be within [1, ${DEFAULT_MAX_RING_SIZE}]`);
  if (minRingSize > maxRingSize) throw new ConfigError(`ring hash: minimum_ring_size (${minRingSize}) > maximum_ring_size (${maxRingSize})`);
  if (ring?.hashFunction === 'MURMUR_HASH_2') throw new ConfigError('ringHashLbConfig.hashFunction MURMUR_HASH_2 is not supported (XX_HASH is)');
  const tableSize = uint(c.maglevLbConfig?.tableSize, DEFAULT_TABLE_SIZE, 'maglevLbConfig.tableSize');
  if (!isPrime(tableSize) || tableSize > MAX_MAGLEV_TABLE) throw new ConfigError(`the table size of maglev must be a prime number up to ${MAX_MAGLEV_TABLE} (got ${tableSize})`);
  const panic = c.commonLbConfig?.healthyPanicThreshold?.value;
  if (panic !== undefined && !(panic >= 0 && panic <= 100)) throw new ConfigError(`commonLbConfig.healthyPanicThreshold must be within [0, 100] (got ${panic})`);
  const overprovisioning = uint(cla?.policy?.overprovisioningFactor, 140, 'overprovisioningFactor');
  if (overprovisioning < 1) throw new ConfigError('overprovisioningFactor must be at least 1');
  return {
    policy: policy as LbPolicy,
    choiceCount,
    activeRequestBias: bias,
    minRingSize,
    maxRingSize,
    tableSize,
    panicThreshold: panic === undefined ? 50 : Math.round(panic),
    localityWeighted: c.commonLbConfig?.localityWeightedLbConfig !== undefined,
    overprovisioningPercent: overprovisioning,
  };
}

/** Whether the policy balances by a request hash (route hash policies apply). */
export function isHashingPolicy(policy: LbPolicy): boolean {
  return policy === 'RING_HASH' || policy === 'MAGLEV';
}
