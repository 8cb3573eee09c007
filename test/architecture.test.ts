import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const CORE = ['lab', 'check', 'exec', 'session', 'host', 'report', 'i18n', 'util'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

it('the core imports no ink or React: the TUI and isolab run drive the same session code', () => {
  const offenders = CORE.flatMap((d) => files(join(ROOT, 'src', d)))
    .filter((f) => /from ['"](ink|react|ink-[\w-]+)['"]|import\(['"](ink|react)['"]\)|\.\.\/ui\//.test(readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});
