import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { readLab } from '../../src/lab/catalog.js';
import { progressFile, saveProgress } from '../../src/session/progress.js';
import { Session } from '../../src/session/session.js';
import { LabLifecycle } from '../../src/ui/lifecycle.js';
import { FIXTURES, sandbox } from './helpers.js';

/** What leaving and removing do to a lab's editions: each has its own progress. */

let box: ReturnType<typeof sandbox>;
beforeEach(() => { box = sandbox([]); });
afterEach(() => box.dispose());

test('removing what the PowerShell edition created ends that edition\'s run only: the sh edition\'s progress stays', async () => {
  const lab = readLab(join(FIXTURES, 'shells-lab.md'));
  const sessions = (['sh', 'powershell'] as const).map((shell) => {
    const session = new Session({ lab, platform: 'linux', shell, kept: true });
    session.skipStep('again');
    saveProgress(session);
    return session;
  });
  const file = (shell: 'sh' | 'powershell') => progressFile(lab.id, { platform: 'linux', shell }, box.stateDir);
  expect(existsSync(file('sh')) && existsSync(file('powershell'))).toBe(true);
  const life = new LabLifecycle();
  life.attach(sessions[1]!, true, () => {});
  const removed = await life.remove();
  expect(removed?.problems).toEqual([]);
  expect(existsSync(file('powershell'))).toBe(false);
  expect(existsSync(file('sh'))).toBe(true);
  await life.shutdown();
  await sessions[0]!.cleanup();
});
