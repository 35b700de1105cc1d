/**
 * RE2 regular expressions (Envoy's `safe_regex` / `google_re2`) through re2js, so patterns from
 * configuration keep RE2's linear-time guarantee on request data. Compiled once at config time.
 */
import { RE2JS } from 're2js';
import { ConfigError } from '../config/config-error.ts';

export interface Re2 {
  /** Whole-string match, as Envoy's safe_regex does for paths and header values. */
  fullMatch(input: string): boolean;
  /** Replaces every match; `substitution` uses Envoy's `\1` group syntax. */
  replaceAll(input: string, substitution: string): string;
}

class Re2Impl implements Re2 {
  constructor(private readonly re: RE2JS) {}
  fullMatch(input: string): boolean {
    return this.re.matches(input);
  }
  replaceAll(input: string, replacement: string): string {
    return this.re.matcher(input).replaceAll(replacement);
  }
}

/** Compiles an RE2 pattern; throws ConfigError with RE2's reason when it is not valid RE2. */
export function compileRe2(pattern: string, ignoreCase = false): Re2 {
  if (typeof pattern !== 'string') throw new ConfigError('regex must be a string');
  try {
    return new Re2Impl(RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0));
  } catch (e) {
    throw new ConfigError(`invalid RE2 regex "${pattern}": ${(e as Error).message}`);
  }
}

/**
 * Envoy substitutions write capture groups as `\1` and a literal backslash as `\\`; re2js writes
 * groups as `$1`, a literal dollar as `$$`, and treats backslashes literally.
 */
export function envoySubstitutionToRe2js(substitution: string): string {
  let out = '';
  for (let i = 0; i < substitution.length; i++) {
    const c = substitution[i];
    const next = substitution[i + 1];
    if (c === '\\' && next !== undefined && next >= '0' && next <= '9') {
      out += '$' + next;
      i++;
    } else if (c === '\\') {
      out += '\\';
      if (next === '\\') i++;
    } else if (c === '$') {
      out += '$$';
    } else {
      out += c;
    }
  }
  return out;
}
