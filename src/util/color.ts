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
  const enabled = env.NO_COLOR === undefined || env.NO_COLOR === ''
    ? env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' ? true : !!stream.isTTY && env.TERM !== 'dumb'
    : false;
  const wrap = (open: number, close: number) => (s: string) => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { enabled, bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}
