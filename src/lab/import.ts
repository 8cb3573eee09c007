import { Lexer, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';

/**
 * Turns a docs page into a lab skeleton: one step per section that has something to run, commands
 * split from the output the page shows after them, and TODOs where the author must add checks and
 * rewrite the prose in their own words. The result passes `isolab lint`.
 */
export interface ImportOptions {
  /** Platform for blocks whose language does not say (the seed docs use ```none for PowerShell). */
  platform?: 'linux' | 'windows';
  sourceName?: string;
}

const PS_HINT = /(^|\n)\s*(PS [A-Z]:\\>|\[\w+\]: PS )|\b(Get|Set|New|Start|Enter|Remove)-[A-Z][A-Za-z]+\b|\bget-process\b/;

export function importDoc(markdown: string, opts: ImportOptions = {}): string {
  const { meta, body } = splitMeta(markdown);
  const tokens = Lexer.lex(body, { gfm: true });
  const title = String(meta.title ?? tokens.find((t): t is Tokens.Heading => t.type === 'heading')?.text ?? opts.sourceName ?? 'Imported lab');
  const platform = opts.platform ?? (PS_HINT.test(body) ? 'windows' : 'linux');
  const shellLang = platform === 'windows' ? 'powershell' : 'sh';
  const id = slug(stripAnchors(title)) || 'imported-lab';

  // A step runs one command, so a section with several commands becomes several steps: each
  // command with the prose that leads to it.
  const sections: { title: string; parts: string[]; hasCode: boolean }[] = [];
  const intro: string[] = [];
  let heading: string | undefined;
  let pending: string[] = [];
  let commandsInSection = 0;
  for (const token of tokens) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth >= 2) {
      if (pending.join('').trim()) sections.push({ title: heading ?? title, parts: pending, hasCode: false });
      heading = stripAnchors((token as Tokens.Heading).text);
      pending = [];
      commandsInSection = 0;
      continue;
    }
    if (token.type === 'heading') continue; // the page title
    if (heading === undefined) {
      intro.push(token.raw);
      continue;
    }
    const rendered = renderToken(token, shellLang);
    pending.push(rendered.text);
    if (rendered.code) {
      commandsInSection++;
      const command = (token as Tokens.Code).text.split('\n')[0]!.replace(/^\s*(\[\w+\]: )?PS [A-Z]:\\>\s?/, '').split(/\s+/).slice(0, 3).join(' ').replace(/\b([0-9a-f]{12})[0-9a-f]{20,}\b/g, '$1');
      sections.push({ title: commandsInSection === 1 ? heading : `${heading}: ${command}`, parts: pending, hasCode: true });
      pending = [];
    }
  }
  if (pending.join('').trim()) sections.push({ title: heading ?? title, parts: pending, hasCode: false });

  const seen = new Set<string>();
  const out: string[] = [
    '---',
    `id: ${id}`,
    `title: ${JSON.stringify(stripAnchors(title))}`,
    `platforms: [${platform}]`,
    'sources:',
    `  - title: ${JSON.stringify(stripAnchors(title))}`,
    ...(meta.author ? [`    author: ${JSON.stringify(String(meta.author))}`] : []),
    `    note: ${JSON.stringify(`imported from ${opts.sourceName ?? 'a docs page'}; add url and license, and rewrite the prose in your own words`)}`,
    '---',
    '',
    `# ${stripAnchors(title)}`,
    '',
    intro.join('').trim(),
    '',
  ];
  for (const s of sections) {
    if (!s.hasCode && !s.parts.join('').trim()) continue;
    // Titles in Chinese have no Latin letters to slug: fall back to a numbered "step".
    const base = /^[a-z]/.test(slug(s.title)) ? slug(s.title) : 'step';
    let stepId = base;
    for (let n = 2; seen.has(stepId); n++) stepId = `${base}-${n}`;
    seen.add(stepId);
    out.push(`## ${s.title}`, '', `<!-- isolab step: ${stepId} -->`, '');
    if (s.hasCode) out.push('<!-- TODO: add checks (see docs/lab-format.md), resources and cleanup -->', '');
    out.push(s.parts.join('').trim(), '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** A code block from a docs page: the first command line(s) to run, then the output the page shows. */
function renderToken(token: Token, shellLang: string): { text: string; code: boolean } {
  if (token.type !== 'code') return { text: token.raw, code: false };
  const code = token as Tokens.Code;
  const lines = code.text.split('\n');
  const blank = lines.findIndex((l) => !l.trim());
  const commandLines = (blank > 0 ? lines.slice(0, blank) : lines).map((l) => l.replace(/^\s*(\[\w+\]: )?PS [A-Z]:\\>\s?/, ''));
  const output = blank > 0 ? lines.slice(blank + 1).join('\n').replace(/\s+$/, '') : '';
  const interactive = /\s-it?\b|\s-ti\b|Enter-PSSession/.test(commandLines.join(' '));
  const fence = `\`\`\`${shellLang}${interactive ? ' {norun}' : ''}\n${commandLines.join('\n')}\n\`\`\`\n`;
  return { text: `${fence}${output ? `\n\`\`\`text\n${output}\n\`\`\`\n` : ''}\n`, code: true };
}

function splitMeta(markdown: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(markdown.replace(/\r\n?/g, '\n'));
  if (!m) return { meta: {}, body: markdown };
  try {
    return { meta: (parseYaml(m[1]!) ?? {}) as Record<string, unknown>, body: markdown.replace(/\r\n?/g, '\n').slice(m[0].length) };
  } catch {
    return { meta: {}, body: markdown.slice(m[0].length) };
  }
}

function stripAnchors(s: string): string {
  return s.replace(/<a\s+name="[^"]*"\s*><\/a>/g, '').trim();
}

export function slug(s: string): string {
  const full = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (full.length <= 48) return full;
  const cut = full.slice(0, 48);
  return cut.slice(0, cut.lastIndexOf('-') > 20 ? cut.lastIndexOf('-') : 48);
}
