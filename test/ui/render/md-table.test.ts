import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { renderTable } from '../../../src/ui/render/md-table.js';
import { ROOT } from '../../helpers/cli.js';

const strip = (s: string) => s.replace(/\u001B\[[0-9;]*m/g, '');

it('a table cell never cuts a word, styled code next to Chinese included (hyperv-isolation in zh-CN at 60 columns)', () => {
  const lab = readFileSync(join(ROOT, 'labs', 'zh-CN', 'hyperv-isolation.md'), 'utf8');
  const rows = lab
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('|---'))
    .slice(0, 5)
    // Code spans as the TUI draws them in colour: styled, without their backticks.
    .map((l) =>
      l
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.replace(/`([^`]+)`/g, '\u001B[33m$1\u001B[39m')),
    );
  expect(rows[2]?.[1]).toContain('--isolation=hyperv');
  const words = rows.flat().flatMap((c) => strip(c).match(/[\w=.-]*[A-Za-z][\w=.-]*/g) ?? []);
  expect(words).toContain('PowerShell');
  for (const width of [44, 52, 56, 60, 80]) {
    const [header = [], ...body] = rows;
    const shown = renderTable(header, body, width).map(strip);
    const text = shown.join('\n');
    for (const word of words)
      expect(text, `${word} at ${width} columns:\n${text}`).toMatch(
        new RegExp(`(^|[^\\w=.-])${word.replace(/[.=-]/g, '\\$&')}([^\\w=.-]|$)`, 'm'),
      );
  }
});
