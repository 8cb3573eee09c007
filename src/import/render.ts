import type { DraftCommand, DraftPart, DraftStep, ImportPlatform, NoRunReason } from './draft.js';
import { editionOf } from './editions.js';

/** Writes the skeleton: a lab file that lint accepts, TODOs where the author has work to do. */

const NORUN_NOTE: Record<NoRunReason, string> = {
  interactive: 'interactive: it waits for someone to type, so it is kept as reading',
  session: 'typed inside a remote session on the container, not on the host: kept as reading',
  retired: 'this cmdlet or script is retired (the Containers module of the Windows Server 2016 previews): kept as reading',
  cmd: 'a cmd.exe command: isolab runs Windows commands in PowerShell; kept as reading',
  placeholder: 'the page writes {{…}} here, which isolab reads as a value to fill in: kept as reading until that value is captured or defined under vars',
};

export function renderStep(step: DraftStep, id: string, platforms: ImportPlatform[], editions: string[]): string[] {
  const out = [`## ${step.title}`, ''];
  const command = step.command && !step.command.norun ? step.command : undefined;
  const platform = command && platforms.length > 1 ? command.platform : undefined;
  // Two editions on one platform (sh and PowerShell on Linux): each step says which one it is for.
  const shell = command && editions.filter((e) => e.startsWith(`${command.platform}/`)).length > 1 ? editionOf(command).split('/')[1] : undefined;
  if (!step.checks.length && !platform && !shell) out.push(`<!-- isolab step: ${id} -->`, '');
  else {
    out.push('<!-- isolab', `step: ${id}`);
    if (platform) out.push(`platform: ${platform}`);
    if (shell) out.push(`shell: ${shell}`);
    if (step.checks.length) {
      out.push('checks:');
      for (const c of step.checks) out.push(`  # ${c.todo}`, `  - ${c.yaml}`);
    }
    out.push('-->', '');
  }
  if (command) {
    const todo = step.checks.length ? 'try the proposed checks on a real run, word their pass/fail verdicts' : 'add checks';
    out.push(`<!-- TODO: ${todo}, then resources and cleanup (see docs/lab-format.md) -->`, '');
  }
  for (const note of step.notes) out.push(`<!-- ${note} -->`, '');
  out.push(renderParts(step.parts, platforms));
  return out;
}

export function renderParts(parts: DraftPart[], platforms: ImportPlatform[]): string {
  return parts.map((p) => {
    if (p.kind === 'prose') return p.raw;
    if (p.kind === 'output') return `\n${fence(p.text, 'text')}\n`;
    const note = p.command.norun ? `<!-- TODO: ${NORUN_NOTE[p.command.norun]} -->\n\n` : '';
    return `\n${note}${fence(p.command.code, fenceInfo(p.command, platforms))}\n`;
  }).join('');
}

/** `sh`/`powershell`, with the platform spelled out when the lab would otherwise read it differently. */
function fenceInfo(c: DraftCommand, platforms: ImportPlatform[]): string {
  const lang = c.shell === 'posix' ? 'sh' : 'powershell';
  const posixDefault = platforms.filter((p) => p !== 'windows');
  const implied = c.shell === 'powershell' ? c.platform === 'windows' : posixDefault.length === 1 && posixDefault[0] === c.platform;
  const attrs = [...(implied ? [] : [`platform=${c.platform}`]), ...(c.norun ? ['norun'] : [])];
  return attrs.length ? `${lang} {${attrs.join(' ')}}` : lang;
}

/** A fence longer than any run of backticks in the text, so the page's text cannot close it. */
function fence(text: string, info: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${text}\n${ticks}\n`;
}
