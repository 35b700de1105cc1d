/**
 * Envoy's `StringMatcher` (exact / prefix / suffix / contains / safe_regex, optional ignore_case)
 * compiled into a plain predicate at config time.
 */
import type { StringMatcher } from '../../envoy/types.ts';
import { ConfigError } from '../config/config-error.ts';
import { compileRe2 } from './regex.ts';

export type StringPredicate = (value: string) => boolean;

export function compileStringMatcher(m: StringMatcher): StringPredicate {
  if (m === null || typeof m !== 'object') throw new ConfigError('string matcher must be an object');
  const ic = m.ignoreCase === true;
  const set = ['exact', 'prefix', 'suffix', 'contains', 'safeRegex'].filter((k) => (m as Record<string, unknown>)[k] !== undefined);
  if (set.length !== 1) throw new ConfigError(`string matcher needs exactly one of exact, prefix, suffix, contains, safeRegex (got ${set.join(', ') || 'none'})`);
  if (m.exact !== undefined) {
    const want = ic ? m.exact.toLowerCase() : m.exact;
    return ic ? (v) => v.toLowerCase() === want : (v) => v === want;
  }
  if (m.prefix !== undefined) {
    const want = ic ? m.prefix.toLowerCase() : m.prefix;
    return ic ? (v) => v.toLowerCase().startsWith(want) : (v) => v.startsWith(want);
  }
  if (m.suffix !== undefined) {
    const want = ic ? m.suffix.toLowerCase() : m.suffix;
    return ic ? (v) => v.toLowerCase().endsWith(want) : (v) => v.endsWith(want);
  }
  if (m.contains !== undefined) {
    const want = ic ? m.contains.toLowerCase() : m.contains;
    return ic ? (v) => v.toLowerCase().includes(want) : (v) => v.includes(want);
  }
  const re = compileRe2(m.safeRegex!.regex, ic);
  return (v) => re.fullMatch(v);
}
