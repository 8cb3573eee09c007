import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A translation's `from:` says "this text translates that source". One snapshot cannot tell a
 * stamp moved with its text from a stamp moved alone; the history can. For every translated step,
 * this finds the last version of the file whose stamp was different, and asks: did the source's
 * prose change since? Then the translated text must have changed too.
 */
const LABS = 'labs';

export function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const versions = new Map<string, Map<string, StepText> | undefined>();

/** The steps of a file at a commit (read once), or undefined where the file did not exist. */
function stepsAt(root: string, commit: string, path: string): Map<string, StepText> | undefined {
  const key = `${commit}:${path}`;
  if (!versions.has(key)) {
    let text: string | undefined;
    try {
      text = git(root, 'show', key);
    } catch {
      text = undefined;
    }
    versions.set(key, text === undefined ? undefined : stepsOf(text));
  }
  return versions.get(key);
}

interface StepText {
  from?: string;
  /** What a translator translates (title, prose, hints, verdict wording), whitespace folded. */
  text: string;
}

/**
 * The steps of a lab file as any version of the format wrote them: `## ` heading, isolab
 * annotation (step, from, pass/fail wording), prose up to the next heading without code blocks.
 * Read by hand, not by today's parser, so a file from any commit can be read. The text before the
 * first step is the pseudo-step "(front matter)": title, summary, recap, introduction.
 */
export function stepsOf(file: string): Map<string, StepText> {
  const steps = new Map<string, StepText>();
  const lines = file.split('\n');
  let i = 0;
  const front: string[] = [];
  let frontFrom: string | undefined;
  if (lines[0] === '---') {
    for (i = 1; i < lines.length && lines[i] !== '---'; i++) {
      const m = /^(title|summary|recap|from):\s*(.*)$/.exec(lines[i]!);
      if (m?.[1] === 'from') frontFrom = m[2]!.replace(/['"]/g, '');
      else if (m) front.push(m[2]!);
      else if (/^\s+\S/.test(lines[i]!) && front.length && /^(recap|summary)/.test(lines[i - 1] ?? '')) front.push(lines[i]!);
    }
    i++;
  }
  let current: { id: string; from?: string; parts: string[] } | undefined;
  let title = '';
  let fence = false;
  const close = () => {
    if (current) steps.set(current.id, { ...(current.from ? { from: current.from } : {}), text: fold(current.parts.join('\n')) });
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    if (/^## /.test(line)) {
      close();
      current = undefined;
      title = line.slice(3);
      continue;
    }
    if (/^<!--\s*isolab\b/.test(line)) {
      let block = line;
      while (!block.includes('-->') && i + 1 < lines.length) block += `\n${lines[++i]!}`;
      const id = /\bstep:\s*([\w-]+)/.exec(block)?.[1];
      if (!id) continue;
      const from = /\bfrom:\s*['"]?([0-9a-f]+)/.exec(block)?.[1];
      const verdicts = [...block.matchAll(/\b(?:pass|fail):\s*(.*)$/gm)].map((m) => m[1]!);
      current = { id, ...(from ? { from } : {}), parts: [title, ...verdicts] };
      continue;
    }
    if (/^<!--/.test(line)) {
      while (!lines[i]!.includes('-->') && i + 1 < lines.length) i++;
      continue;
    }
    if (current) current.parts.push(line);
    else if (!/^# /.test(line)) front.push(line);
  }
  close();
  steps.set('(front matter)', { ...(frontFrom ? { from: frontFrom } : {}), text: fold(front.join('\n')) });
  return steps;
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every stamp in `translation` (a path under labs/<lang>/) that moved without its text. */
export function stampsMovedAlone(root: string, translation: string): string[] {
  const name = translation.split('/').pop()!;
  const source = `${LABS}/${name}`;
  const now = stepsOf(readFileSync(join(root, translation), 'utf8'));
  const sourceNow = stepsOf(readFileSync(join(root, source), 'utf8'));
  const commits = git(root, 'log', '--format=%H', '--', translation).split('\n').filter(Boolean);
  const problems: string[] = [];
  for (const [id, step] of now) {
    if (!step.from) continue;
    // The newest version of the file in which this step had another stamp (or none), and the
    // source the current stamp was set against: the version just after it (or the working tree).
    let movedTo: string | undefined;
    for (const commit of commits) {
      const before = stepsAt(root, commit, translation)?.get(id);
      if (before?.from === step.from) {
        movedTo = commit;
        continue;
      }
      if (!before?.from) break; // a step newly translated, or newly stamped: nothing moved
      const sourceThen = stepsAt(root, commit, source)?.get(id);
      const sourceAtMove = movedTo ? stepsAt(root, movedTo, source)?.get(id) : sourceNow.get(id);
      const sourceChanged = sourceThen === undefined || sourceThen.text !== sourceAtMove?.text;
      if (sourceChanged && before.text === step.text)
        problems.push(
          `${translation}: step "${id}": from: moved from ${before.from} (as of ${commit.slice(0, 8)}) to ${step.from}${movedTo ? ` in ${movedTo.slice(0, 8)}` : ''}, over a change of the source's prose, but its translated text did not change`,
        );
      break;
    }
  }
  return problems;
}

/** Every translation of a labs folder that has its source beside it: labs/<lang>/<id>.md. */
export function translations(root: string): string[] {
  return readdirSync(join(root, LABS), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(root, LABS, d.name))
        .filter((f) => f.endsWith('.md') && existsSync(join(root, LABS, f)))
        .map((f) => `${LABS}/${d.name}/${f}`),
    );
}
