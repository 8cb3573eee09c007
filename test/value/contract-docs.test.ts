import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { contractTable } from '../../src/value/contract-table.js';
import { ROOT } from '../helpers/cli.js';

it("docs/lab-format.md shows the value contract's allowlist exactly as the lint reads it", () => {
  const docs = readFileSync(join(ROOT, 'docs', 'lab-format.md'), 'utf8');
  const shown = /<!-- contract-table -->\n([\s\S]*?)\n<!-- \/contract-table -->/.exec(docs)?.[1];
  expect(shown, 'the table is between <!-- contract-table --> markers').toBeDefined();
  expect(shown, 'regenerate it with node scripts/contract-table.mjs').toBe(contractTable());
});

it('the docs state the contract in one sentence an author can keep in mind', () => {
  const docs = readFileSync(join(ROOT, 'docs', 'lab-format.md'), 'utf8');
  expect(docs).toContain(
    'A command that uses a captured value is a plain list of known commands, and each value is one\n> whole argument where its command reads data.',
  );
});
