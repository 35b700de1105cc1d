/**
 * Errors found while building a configuration from Envoy resources. Building throws a
 * `ConfigError` at the first problem in one resource; the builder catches it, records where it
 * happened (`listener "x" › filter chain "y" › ...`) and rejects the whole bundle with every reason.
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string) {
    super(message);
  }
}

/** Throws a ConfigError when `condition` is false. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConfigError(message);
}

/** Collects errors and warnings with a location path while a bundle is built. */
export class IssueCollector {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];

  /** Runs `fn`; a thrown error is recorded under `where` and `undefined` returned. */
  attempt<T>(where: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.errors.push(`${where}: ${(e as Error).message}`);
      return undefined;
    }
  }

  warn(where: string, message: string): void {
    this.warnings.push(`${where}: ${message}`);
  }
}
