import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const inside = (p: string) => !relative(ROOT, p).startsWith('..');

// The workplace's folders, by absolute path or climbing to the shared folder. Built from pieces, so
// this file itself names no place outside the repository.
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const WORK = esc(['', 'work', ''].join('/'));
const SHARED = esc(['..', 'shared'].join('/'));
const Q = '[\'"`]';
const NOT_Q = '[^\'"`]';
const FIXED_PLACES = new RegExp(`${Q}(${WORK}${NOT_Q}*|${NOT_Q}*${SHARED}\\b${NOT_Q}*)${Q}`, 'g');

/** Every way a test file names a place outside the repository. */
function outsidePaths(file: string, text: string): string[] {
  const found: string[] = [];
  // A relative literal ('../x', '../../src/y') is fine while it stays inside the repository.
  for (const m of text.matchAll(/['"`](\.\.(?:[/\\][^'"`\s]*)?)['"`]/g)) {
    if (!inside(resolve(dirname(file), m[1]!))) found.push(m[1]!);
  }
  // Climbing out from the repository root piece by piece: join(ROOT, '..', 'shared').
  for (const m of text.matchAll(/\b(?:join|resolve)\(\s*ROOT\s*,\s*['"]\.\.['"][^)]*\)/g)) found.push(m[0]);
  for (const m of text.matchAll(FIXED_PLACES)) found.push(m[1]!);
  return found;
}

// Strings that look like a way out but are data a test feeds in, never a path it reads.
const DATA = new Set(['test/progress.test.ts: ../../etc', 'test/values.test.ts: ../../etc', 'test/parse-cache.test.ts: ../../escape']);

// A clone anywhere else must pass `npm test`: no test may read outside the repository.
it('the tests read only what the repository holds', () => {
  const offenders = files(join(ROOT, 'test'))
    .filter((f) => /\.(ts|tsx|js|mjs|sh)$/.test(f) && !f.endsWith('repository-only.test.ts'))
    .flatMap((f) => outsidePaths(f, readFileSync(f, 'utf8')).map((p) => `${relative(ROOT, f)}: ${p}`))
    .filter((o) => !DATA.has(o));
  expect(offenders).toEqual([]);
});

it('the guard itself sees the ways out it is meant to catch', () => {
  const here = join(ROOT, 'test', 'x.test.ts');
  // Built from pieces, so this file itself names no place outside the repository.
  const up = ['.', '.'].join('');
  const elsewhere = [up, up, 'elsewhere', 'x.js'].join('/');
  expect(outsidePaths(here, `readFileSync(join(ROOT, '${up}', 'shared', 'seeds', name))`)).toHaveLength(1);
  expect(outsidePaths(here, `readFileSync('${['', 'work', 'shared', 'seeds', '000.txt'].join('/')}')`)).toHaveLength(1);
  expect(outsidePaths(here, `import x from '${elsewhere}'`)).toEqual([elsewhere]);
  expect(outsidePaths(join(ROOT, 'test', 'ui', 'x.test.ts'), "import { y } from '../../src/ui/app.js'")).toEqual([]);
});
