import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import { readLab } from '../../src/lab/catalog.js';
import { saveProgress } from '../../src/session/progress.js';
import { Session } from '../../src/session/session.js';
import { listLabs } from '../../src/ui/labs.js';
import { tempDir } from '../helpers/cli.js';
import { labText } from '../helpers/lab.js';

/** An edition's steps are one list: the home screen, the run and the progress count the same ones. */

const step = (id: string, limit = '') =>
  `\n## ${id}\n\n<!-- isolab\nstep: ${id}\n${limit}checks:\n  - exit: 0\n-->\n\n\`\`\`sh\ntrue\n\`\`\`\n` +
  (limit ? '' : `\n\`\`\`powershell {platform=linux}\n$true\n\`\`\`\n`);

// The first step is sh's only: the PowerShell edition's steps are "both" and "last".
const LAB = labText(
  step('sh-only', 'shell: sh\n') + step('both') + step('last'),
  'id: shell-steps\ntitle: Shell steps\nplatforms: [linux]\neditions: [linux/sh, linux/powershell]',
);

let labs: string;
let state: string;
beforeEach(() => {
  labs = tempDir();
  state = tempDir();
  process.env.ISOLAB_STATE_DIR = state;
  writeFileSync(join(labs, 'shell-steps.md'), LAB);
});
afterEach(() => {
  delete process.env.ISOLAB_STATE_DIR;
  rmSync(labs, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

test("the home screen's progress of the PowerShell edition counts that edition's steps, not the sh edition's", () => {
  const lab = readLab(join(labs, 'shell-steps.md'));
  const powershell = editionOf(lab, { platform: 'linux', shell: 'powershell' });
  expect(powershell.steps.map((s) => s.id)).toEqual(['both', 'last']);
  const session = new Session({ edition: powershell, ledgerDir: false });
  session.skipStep('both');
  saveProgress(session);

  const [entry] = listLabs(labs, 'en', 'linux', 'powershell');
  // Paused before "last", its second step: not at "sh-only", which this edition does not have.
  expect(entry?.progress).toMatchObject({ passed: 0, total: 2, paused: { atStep: 2 } });
});
