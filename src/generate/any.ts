/** Packs a typed Envoy config into an `Any` (proto3 JSON: the object with its `@type`). */
import type { Any } from '../envoy/types.ts';

export function toAny<T extends object>(typeUrl: string, value: T): Any {
  return { '@type': typeUrl, ...(value as Record<string, unknown>) };
}
