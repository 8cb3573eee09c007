/** Minimal ANSI styling that honours NO_COLOR, FORCE_COLOR and non-terminal output. */
export interface Colors {
  enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export function colors(stream: { isTTY?: boolean } = process.stdout, env = process.env): Colors {
  const enabled = colorEnabled(stream, env);
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { enabled, bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/**
 * The rules Node's util.styleText and chalk follow, so isolab agrees with the tools around it:
 * FORCE_COLOR decides when set ("", 1, 2, 3, true: colour; 0, false or anything else: none); otherwise
 * NO_COLOR or NODE_DISABLE_COLORS (set at all, even empty, as Node reads them) or TERM=dumb turn it off,
 * and a terminal turns it on.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env.NO_COLOR !== undefined || env.NODE_DISABLE_COLORS !== undefined || env.TERM === 'dumb') return false;
  return !!stream.isTTY;
}
