import type { DraftCommand, DraftPart, DraftStep, ImportPlatform, NoRunReason } from './draft.js';
import { declaredEditions, editionOf } from './editions.js';
import { pageLang } from './page.js';

/** Writes the skeleton: a lab file that lint accepts, TODOs where the author has work to do. */

const NORUN_NOTE: Record<NoRunReason, string> = {
  interactive: 'interactive: it waits for someone to type, so it is kept as reading',
  session: 'typed inside a remote session on the container, not on the host: kept as reading',
  retired: 'this cmdlet or script is retired (the Containers module of the Windows Server 2016 previews): kept as reading',
  cmd: 'a cmd.exe command: isolab runs Windows commands in PowerShell; kept as reading',
  placeholder: 'the page leaves a value to fill in here ({{…}} or <…>): kept as reading until it is a capture or a var',
};

interface Skeleton {
  title: string;
  meta: Record<string, unknown>;
  sourceName?: string | undefined;
  intro: DraftPart[];
  steps: DraftStep[];
}

export function renderSkeleton({ title, meta, sourceName, intro, steps }: Skeleton): string {
  const commands = steps.flatMap((s) => (s.command ? [s.command] : []));
  const platforms = [...new Set(commands.map((c) => c.platform))].sort();
  const editions = declaredEditions(commands);
  const lang = pageLang(meta);
  const out: string[] = [
    '---',
    `id: ${slug(title) || 'imported-lab'}`,
    `title: ${JSON.stringify(title)}`,
    lang ? `lang: ${lang}` : '# TODO: lang: the page does not say its language (en is assumed)',
    `platforms: [${platforms.join(', ')}]`,
    ...(editions.length ? [`editions: [${editions.join(', ')}]`] : []),
    'sources:',
    `  - title: ${JSON.stringify(title)}`,
    ...(meta.author ? [`    author: ${JSON.stringify(String(meta.author))}`] : []),
    `    note: ${JSON.stringify(`imported from ${sourceName ?? 'a docs page'}; add url and license, and rewrite the prose in your own words`)}`,
    '---',
    '',
    `# ${title}`,
    '',
    renderParts(intro, platforms).trim(),
    '',
  ];
  const seen = new Set<string>();
  for (const step of steps) {
    // Titles in Chinese have no Latin letters to slug: fall back to a numbered "step".
    const base = /^[a-z]/.test(slug(step.title)) ? slug(step.title) : 'step';
    let id = base;
    for (let n = 2; seen.has(id); n++) id = `${base}-${n}`;
    seen.add(id);
    out.push(...renderStep(step, id, platforms, editions), '');
  }
  return `${tidy(out.join('\n')).trim()}\n`;
}

function renderStep(step: DraftStep, id: string, platforms: ImportPlatform[], editions: string[]): string[] {
  const out = [`## ${step.title}`, ''];
  const command = step.command && !step.command.norun ? step.command : undefined;
  const platform = command && platforms.length > 1 ? command.platform : undefined;
  // Two editions on one platform (sh and PowerShell on Linux): each step says which one it is for.
  const shell =
    command && editions.filter((e) => e.startsWith(`${command.platform}/`)).length > 1 ? editionOf(command).split('/')[1] : undefined;
  // Text from the page inside an annotation must not end it: `-->` in a table cell would.
  const checks = step.checks.filter((c) => !c.yaml.includes('-->'));
  if (!checks.length && !platform && !shell) out.push(`<!-- isolab step: ${id} -->`, '');
  else {
    out.push('<!-- isolab', `step: ${id}`);
    if (platform) out.push(`platform: ${platform}`);
    if (shell) out.push(`shell: ${shell}`);
    if (checks.length) {
      out.push('checks:');
      for (const c of checks) out.push(`  # ${closeless(c.todo)}`, `  - ${c.yaml}`);
    }
    out.push('-->', '');
  }
  if (command) {
    const todo = checks.length ? 'try the proposed checks on a real run, word their pass/fail verdicts' : 'add checks';
    out.push(`<!-- TODO: ${todo}, then resources and cleanup (see docs/lab-format.md) -->`, '');
  }
  for (const note of step.notes) out.push(`<!-- ${closeless(note)} -->`, '');
  out.push(renderParts(step.parts, platforms));
  return out;
}

function renderParts(parts: DraftPart[], platforms: ImportPlatform[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'prose') return p.raw;
      if (p.kind === 'output') return `\n${fence(p.text, 'text')}\n`;
      const note = p.command.norun ? `<!-- TODO: ${NORUN_NOTE[p.command.norun]} -->\n\n` : '';
      return `\n${note}${fence(p.command.code, fenceInfo(p.command, platforms))}\n`;
    })
    .join('');
}

/** `sh`/`powershell`, with the platform spelled out when the lab would otherwise read it differently. */
function fenceInfo(c: DraftCommand, platforms: ImportPlatform[]): string {
  const lang = c.shell === 'posix' ? 'sh' : 'powershell';
  const posixDefault = platforms.filter((p) => p !== 'windows');
  const implied = c.shell === 'powershell' ? c.platform === 'windows' : posixDefault.length === 1 && posixDefault[0] === c.platform;
  const attrs = [...(implied ? [] : [`platform=${c.platform}`]), ...(c.norun ? ['norun'] : [])];
  return attrs.length ? `${lang} {${attrs.join(' ')}}` : lang;
}

function closeless(text: string): string {
  return text.replace(/--+>?/g, '-');
}

/** A fence longer than any run of backticks in the text, so the page's text cannot close it. */
function fence(text: string, info: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${text}\n${ticks}\n`;
}

/** One blank line between blocks; inside a fence the page's text stays exactly as it was. */
function tidy(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const ticks = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (ticks && ticks[0] === fence[0] && ticks.length >= fence.length && !line.slice(ticks.length).trim()) fence = undefined;
      out.push(line);
      continue;
    }
    if (ticks) fence = ticks;
    if (!line.trim() && !out[out.length - 1]?.trim()) continue;
    out.push(line.trim() ? line : '');
  }
  return out.join('\n');
}

function slug(s: string): string {
  const full = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= 48) return full;
  const cut = full.slice(0, 48);
  return cut.slice(0, cut.lastIndexOf('-') > 20 ? cut.lastIndexOf('-') : 48);
}
