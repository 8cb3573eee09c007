import type { Tokens } from 'marked';
import { msg } from '../i18n/translate.js';
import { PLATFORMS, type BodyPart, type Platform, type ShellKind } from './model.js';
import type { Report } from './schema-issues.js';
import { LAB_LIMITS } from './limits.js';

const POSIX_LANGS = ['sh', 'bash', 'shell', 'posix'];
const POWERSHELL_LANGS = ['powershell', 'pwsh', 'ps1'];
const OUTPUT_LANGS = ['', 'text', 'none', 'output', 'plaintext', 'console'];

interface FenceContext {
  /** The lab's platforms: a `sh` fence naming none is for each of them but Windows. */
  labPlatforms: Platform[];
  /** A translation only copies code (lint compares it): one platform per fence, no expansion. */
  isTranslation: boolean;
  /** The code block this output follows in its step, if any: output is for its platform and shell. */
  after: { platform?: Platform; shell?: ShellKind; norun?: boolean };
  report: Report;
}

/**
 * What a fenced block is: a command (code), the docs' output (example), or neither (left in the
 * prose as written). Undefined when the block is refused (reported).
 */
export function readFence(token: Tokens.Code, line: number, ctx: FenceContext): BodyPart | 'prose' | undefined {
  const { report } = ctx;
  // An unclosed fence swallows the rest of the file (the next steps become part of this command).
  const fence = /^ {0,3}(`{3,}|~{3,})/.exec(token.raw);
  if (fence && !new RegExp(`\\n {0,3}${fence[1]![0]}{${fence[1]!.length},}[ \\t]*\\n?$`).test(token.raw)) {
    report(line, msg('lab.fenceOpen'), msg('lab.fenceOpen.hint', { fence: fence[1]! }));
    return undefined;
  }
  if (token.text.length > LAB_LIMITS.codeBlockBytes) {
    report(
      line,
      `this code block is ${Math.round(token.text.length / 1024)} KiB; a code block may be at most ${LAB_LIMITS.codeBlockBytes / 1024} KiB`,
      'split the command over several steps, or have it read a file the lab ships',
    );
    return undefined;
  }
  const { lang, attrs } = parseInfo(token.lang ?? '');
  const explicit = attrs.get('platform') ?? attrs.get('platforms');
  const platforms = explicit ? (explicit.split(',').map((p) => p.trim()) as Platform[]) : undefined;
  for (const p of platforms ?? []) {
    if (!(PLATFORMS as readonly string[]).includes(p)) report(line, msg('lab.fencePlatform', { platform: p }), msg('lab.platformsAre'));
  }
  const shell: ShellKind | undefined = POSIX_LANGS.includes(lang) ? 'posix' : POWERSHELL_LANGS.includes(lang) ? 'powershell' : undefined;
  if (shell && !attrs.has('output')) {
    const defaults = ctx.isTranslation ? ['linux' as const] : ctx.labPlatforms.filter((p) => p !== 'windows');
    const targets = platforms ?? (shell === 'powershell' ? ['windows' as const] : defaults);
    if (!platforms && targets.length === 0) report(line, msg('lab.blockPlatform', { lang }), msg('lab.blockPlatform.hint'));
    return { kind: 'code', code: token.text, lang, platforms: targets, shell, norun: attrs.has('norun'), line };
  }
  if (attrs.has('output') || OUTPUT_LANGS.includes(lang)) {
    const platform = platforms?.[0] ?? ctx.after.platform;
    const after = platforms ? undefined : ctx.after.shell;
    // The output of a block shown to read ({norun}: the 2016 module's Get-Container) is read with it:
    // it is no example of what this edition's command prints.
    const reading = !platforms && ctx.after.norun;
    return {
      kind: 'example',
      text: token.text,
      line,
      ...(platform ? { platform } : {}),
      ...(after ? { shell: after } : {}),
      ...(reading ? { reading: true } : {}),
    };
  }
  return 'prose';
}

/** `sh {platform=linux norun}` → lang "sh", attrs {platform: linux, norun: ""}. */
function parseInfo(info: string): { lang: string; attrs: Map<string, string> } {
  const m = /^([^\s{]*)\s*(?:\{([^}]*)\})?\s*$/.exec(info.trim());
  const attrs = new Map<string, string>();
  if (!m) return { lang: info.trim().split(/\s+/)[0]!.toLowerCase(), attrs };
  for (const part of (m[2] ?? '').split(/\s+/).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) attrs.set(part, '');
    else attrs.set(part.slice(0, eq), part.slice(eq + 1).replace(/^"(.*)"$/, '$1'));
  }
  return { lang: m[1]!.toLowerCase(), attrs };
}
