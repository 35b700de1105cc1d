/** The one table of exit codes for every `sextant` command. */
export const EXIT = {
  OK: 0,
  /** Validation found errors, or a command failed. */
  FAILURE: 1,
  /** Wrong usage: unknown command or flag, missing argument. */
  USAGE: 2,
  /** `sextant analyze` found messages at or above the failure threshold (istioctl's code). */
  ANALYZE_MESSAGES: 79,
} as const;
