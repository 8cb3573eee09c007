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
  /**
   * The same, part by part: the title, the verdicts, the prose before each code block (keyed by the
   * block, which a translation copies byte for byte) and after the last one. A stamp moved over an
   * English sentence that changed while its translated part stayed is found here, even when other
   * parts of the step were translated.
   */
  parts: Map<string, string>;
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
  interface Reading {
    id: string;
    from?: string;
    parts: Map<string, string>;
    all: string[];
    prose: string[];
    seen: Map<string, number>;
  }
  let current: Reading | undefined;
  let title = '';
  let block: string[] | undefined;
  const close = () => {
    if (!current) return;
    current.parts.set('(after the last block)', fold(current.prose.join('\n')));
    steps.set(current.id, { ...(current.from ? { from: current.from } : {}), text: fold(current.all.join('\n')), parts: current.parts });
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) {
      if (!block) {
        block = [line];
        continue;
      }
      // The prose before a block is keyed by the block itself (and its rank among equal blocks).
      block.push(line);
      const key = block.join('\n');
      if (current) {
        const n = (current.seen.get(key) ?? 0) + 1;
        current.seen.set(key, n);
        current.parts.set(`${key}#${n}`, fold(current.prose.join('\n')));
        current.prose = [];
      }
      block = undefined;
      continue;
    }
    if (block) {
      block.push(line);
      continue;
    }
    if (/^## /.test(line)) {
      close();
      current = undefined;
      title = line.slice(3);
      continue;
    }
    if (/^<!--\s*isolab\b/.test(line)) {
      let annotation = line;
      while (!annotation.includes('-->') && i + 1 < lines.length) annotation += `\n${lines[++i]!}`;
      const id = /\bstep:\s*([\w-]+)/.exec(annotation)?.[1];
      if (!id) continue;
      const from = /\bfrom:\s*['"]?([0-9a-f]+)/.exec(annotation)?.[1];
      // Each verdict text once: a check written once per shell and then merged into one (same words)
      // is not a change of the text a translator must follow.
      const verdicts = [...new Set([...annotation.matchAll(/\b(?:pass|fail):\s*(.*)$/gm)].map((m) => m[1]!))];
      const parts = new Map([
        ['(title)', fold(title)],
        ['(verdicts)', fold(verdicts.join('\n'))],
      ]);
      current = { id, ...(from ? { from } : {}), parts, all: [title, ...verdicts], prose: [], seen: new Map() };
      continue;
    }
    if (/^<!--/.test(line)) {
      while (!lines[i]!.includes('-->') && i + 1 < lines.length) i++;
      continue;
    }
    if (current) {
      current.all.push(line);
      current.prose.push(line);
    } else if (!/^# /.test(line)) front.push(line);
  }
  close();
  steps.set('(front matter)', {
    ...(frontFrom ? { from: frontFrom } : {}),
    text: fold(front.join('\n')),
    parts: new Map([['(front matter)', fold(front.join('\n'))]]),
  });
  return steps;
}

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/** A part as a reader finds it: "before the block `Get-Process -Name ping`". */
function describe(part: string): string {
  if (part.startsWith('(')) return part;
  const code = part.split('\n').slice(1, -1).join(' ').replace(/#\d+$/, '');
  return `before the block "${code.slice(0, 40)}"`;
}

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
      else if (sourceThen && sourceAtMove) {
        // Part by part: an English part that changed, and its translated part, the same as before.
        for (const [part, was] of sourceThen.parts) {
          const is = sourceAtMove.parts.get(part);
          const trWas = before.parts.get(part);
          const trIs = step.parts.get(part);
          if (is !== undefined && is !== was && trWas !== undefined && trWas === trIs && trIs !== '')
            problems.push(
              `${translation}: step "${id}": from: moved from ${before.from} (as of ${commit.slice(0, 8)}) to ${step.from}${movedTo ? ` in ${movedTo.slice(0, 8)}` : ''}, over a change of the source's part ${describe(part)}, but its translated part did not change: "${trIs.slice(0, 80)}"`,
            );
        }
      }
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
