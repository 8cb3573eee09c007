/**
 * What a value may look like. Narrow types are the only values spliced into a command: their
 * characters are inert in sh, PowerShell, awk and sed in every quoting context, they are ASCII only
 * (PowerShell reads an en dash as `-`), and none can start with `-`, so a value never becomes code
 * or an option. `string` is free text: for checks and verdicts, and for commands only through the
 * environment (ISOLAB_VALUE_<name>).
 */
export const NARROW_TYPES = ['integer', 'hexid', 'name', 'image', 'path', 'ipv4', 'version'] as const;
export const CAPTURE_TYPES = [...NARROW_TYPES, 'string'] as const;

export type NarrowType = (typeof NARROW_TYPES)[number];
export type CaptureType = (typeof CAPTURE_TYPES)[number];

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

const PATTERNS: Record<CaptureType, RegExp> = {
  // No sign: `kill {{pid}}` with -1 would signal every process.
  integer: /^\d{1,19}$/,
  hexid: /^[0-9a-fA-F]{4,128}$/,
  name: /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,254}$/,
  // An image reference as Docker spells it (repository/name:tag@digest), lowercase.
  image: /^[a-z0-9](?!.*\.\.)[a-z0-9._/:@-]{0,254}$/,
  path: /^\/[A-Za-z0-9_./-]{0,4095}$/,
  ipv4: new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`),
  // A kernel or engine version: 4.4.0, 6.1.0-18-amd64, 24.0.7.
  version: /^\d{1,9}(?:\.\d{1,9}){1,3}(?:-[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$/,
  // Free text: one line, no control characters but tab.
  string: /^[^\u0000-\u0008\u000A-\u001F\u007F-\u009F]{0,4096}$/,
};

export function fitsType(value: string, type: CaptureType): boolean {
  return PATTERNS[type].test(value);
}

export function isNarrow(type: CaptureType): type is NarrowType {
  return (NARROW_TYPES as readonly string[]).includes(type);
}

/** A lab var's type when the author gives none: the first narrow type its value fits, else text. */
export function inferType(value: string): CaptureType {
  return NARROW_TYPES.find((t) => fitsType(value, t)) ?? 'string';
}

export interface CapturedValue {
  name: string;
  value: string;
  type: CaptureType;
  /** The step that captured it (or "lab" for vars and built-ins). */
  stepId: string;
  /**
   * What the value named when it was captured, for a value some command of the lab acts on (a PID a
   * step kills, a container it removes): `pid:<boot id>:<start time>` or `container:<full id>`
   * (host/identity.ts). Such a command runs only while what the value names still has this identity.
   */
  identity?: string;
}
