import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const CORE = ['lab', 'edition', 'check', 'exec', 'session', 'host', 'report', 'i18n', 'util', 'value', 'class'];
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** The folder of src/ a file belongs to (`lab`, `value`, …). */
const folderOf = (file: string) => relative(SRC, file).split(/[\\/]/)[0]!;

/** Every import of one of our files, as [from folder, to folder, type-only]. */
function imports(): { file: string; from: string; to: string; typeOnly: boolean }[] {
  return files(SRC)
    .filter((f) => /\.tsx?$/.test(f))
    .flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => ({
        file: relative(ROOT, file),
        from: folderOf(file),
        to: folderOf(resolve(dirname(file), m[2]!)),
        typeOnly: Boolean(m[1]),
      }));
    });
}

it('the core imports no ink or React: the TUI and isolab run drive the same session code', () => {
  const offenders = CORE.flatMap((d) => files(join(SRC, d))).filter((f) =>
    /from ['"](ink|react|ink-[\w-]+)['"]|import\(['"](ink|react)['"]\)|\.\.\/ui\//.test(readFileSync(f, 'utf8')),
  );
  expect(offenders).toEqual([]);
});

describe('the TUI: a pure controller decides, a driver performs, views only render', () => {
  const reactOrInk = /from ['"](ink|react|ink-[\w-]+)['"]/;

  it("the controller and the driver import no ink or React, so another view (a screen reader's) can drive them", () => {
    const offenders = [join(SRC, 'ui', 'controller.ts'), ...files(join(SRC, 'ui', 'driver'))]
      .filter((f) => reactOrInk.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('app.tsx renders: it reaches no session, lifecycle or opener, only the driver', () => {
    const app = readFileSync(join(SRC, 'ui', 'app.tsx'), 'utf8');
    expect(app).not.toMatch(/from ['"]\.\.\/(session|edition|host)\//);
    expect(app).not.toMatch(/from ['"]\.\/(lifecycle|labs)\.js['"]/);
  });
});

describe('folders import in one direction', () => {
  const all = imports().filter((i) => i.from !== i.to);

  it('value/ owns placeholders, types and splicing, and imports only i18n, util and model types', () => {
    const bad = all.filter((i) => i.from === 'value' && !['i18n', 'util'].includes(i.to) && !(i.to === 'lab' && i.typeOnly));
    expect(bad).toEqual([]);
  });

  it('check/ and lab/ never import exec/ or session/; report/ never imports exec/', () => {
    const bad = all.filter(
      (i) => (['check', 'lab'].includes(i.from) && ['exec', 'session'].includes(i.to)) || (i.from === 'report' && i.to === 'exec'),
    );
    expect(bad).toEqual([]);
  });

  it('no two folders of src/ import each other, directly or around a circle', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of all) edges.set(i.from, (edges.get(i.from) ?? new Set()).add(i.to));
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (next === path[0]) cycles.push([...path, next].join(' → '));
        else if (!path.includes(next) && next > path[0]!) visit(next, [...path, next]);
      }
    };
    for (const start of edges.keys()) visit(start, [start]);
    expect(cycles).toEqual([]);
  });

  it('only lab/ reads a lab file: its parsing parts (body walker, fences, step hash) are imported nowhere else', () => {
    const internals = /from\s+['"][./]*\/?lab\/(body-walker|fences|step-hash)\.js['"]/;
    const bad = files(SRC)
      .filter((f) => folderOf(f) !== 'lab' && internals.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(bad).toEqual([]);
  });
});

it("a step's content is read through its body (lab/content.ts), never from copies kept on the step", () => {
  // Commands, examples and prose are derived per edition; parse state and translation fields are not a Step's.
  const copies = /\b\w*[sS]tep\w*[!?]?\.(commands|examples|prose|translatedFrom|lastPlatform|lastShell)\b/;
  const offenders = files(SRC)
    .filter((f) => /\.tsx?$/.test(f) && copies.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f));
  expect(offenders).toEqual([]);
});
