import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { en } from '../../src/i18n/catalogs/en.js';
import { footerOf, initialControllerState, type Facts } from '../../src/ui/controller.js';
import { keysLabel } from '../../src/ui/keys/bindings.js';
import { ROOT } from '../helpers/cli.js';

it('docs/lab-format.md says what the footer says on a step to read: "Enter mark read"', () => {
  const facts: Facts = {
    labCount: 1,
    lab: {
      readOnly: false,
      busy: false,
      started: true,
      steps: [{ id: 'read-me', status: 'pending', hints: 0, reads: true }],
      preview: { ok: true },
      shownMatches: true,
      shownWhole: true,
      keeps: false,
      hasOutput: false,
      shell: 'sh',
      shells: ['sh'],
    },
    prose: { max: 0, page: 4 },
    command: { max: 0, page: 4 },
    results: { max: 0, page: 4 },
    viewer: { maxTop: 0, maxLeft: 0, page: 4 },
  };
  const run = footerOf({ ...initialControllerState, screen: 'lab' }, facts).find((i) => i.command === 'run');
  const t = (key: string) => (en as Record<string, string>)[key] ?? key;
  const shown = `${keysLabel('run', t)} ${t(run!.word)}`;
  expect(shown).toBe('Enter mark read');
  const docs = readFileSync(join(ROOT, 'docs', 'lab-format.md'), 'utf8').replace(/\s+/g, ' ');
  expect(docs).toContain(`the footer reads "${shown}"`);
});
