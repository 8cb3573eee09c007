import type { CaptureType } from '../lab/model.js';

/**
 * What a captured value may look like. A value that does not fit its type is never stored, so it can
 * never reach a later command. Patterns are anchored and exclude every shell metacharacter except
 * those a type needs (none do).
 */
const PATTERNS: Record<CaptureType, RegExp> = {
  // No sign: `kill {{pid}}` with -1 would signal every process.
  integer: /^\d{1,19}$/,
  hexid: /^[0-9a-fA-F]{4,128}$/,
  name: /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,254}$/,
  // Free text may reach messages and checks, but quoting is what keeps it out of code.
  string: /^[^\0\r\n]{0,4096}$/,
};

export function fitsType(value: string, type: CaptureType): boolean {
  return PATTERNS[type].test(value);
}

export interface CapturedValue {
  name: string;
  value: string;
  type: CaptureType;
  /** The step that captured it (or "lab" for vars and built-ins). */
  stepId: string;
}
