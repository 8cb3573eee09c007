import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { readLab } from '../../src/lab/catalog.js';
import { progressFile } from '../../src/session/progress-file.js';
import { saveProgress } from '../../src/session/progress.js';
import { Session } from '../../src/session/session.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator, msg } from '../../src/i18n/translate.js';
import { LabLifecycle } from '../../src/ui/lifecycle.js';
import { exitSummary } from '../../src/ui/main.js';
import { tallyText } from '../../src/report/counts.js';
import { FIXTURES, sandbox } from './helpers.js';
import { editionOf } from '../../src/edition/edition.js';

/** What leaving and removing do to a lab's editions: each has its own progress. */

let box: ReturnType<typeof sandbox>;
beforeEach(() => {
  box = sandbox([]);
});
afterEach(() => box.dispose());

test("removing what the PowerShell edition created ends that edition's run only: the sh edition's progress stays", async () => {
  const lab = readLab(join(FIXTURES, 'shells-lab.md'));
  const sessions = (['sh', 'powershell'] as const).map((shell) => {
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell }) });
    session.keep();
    session.skipStep('again');
    saveProgress(session);
    return session;
  });
  const file = (shell: 'sh' | 'powershell') => progressFile(editionOf(lab, { platform: 'linux', shell }), box.stateDir);
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

test('the words after the UI name each paused lab by its title and each edition, sh and PowerShell, so two paused editions of one lab read apart', () => {
  loadCatalogs();
  const plain = { dim: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s };
  const summary = exitSummary(
    {
      code: 0,
      cleanups: [],
      forced: false,
      progressSaved: true,
      locale: 'en',
      paused: [
        {
          labId: 'hyperv-isolation',
          title: 'Process isolation or a kernel of its own?',
          platform: 'linux',
          shell: 'sh',
          tally: { passed: 1, read: 0, total: 3 },
          containers: ['isolab-proc-a'],
          processes: 0,
        },
        {
          labId: 'hyperv-isolation',
          title: 'Process isolation or a kernel of its own?',
          platform: 'linux',
          shell: 'powershell',
          tally: { passed: 1, read: 0, total: 3 },
          containers: ['isolab-proc-b'],
          processes: 0,
        },
      ],
    },
    createTranslator('en'),
    plain,
  );
  expect(summary).toContain(
    '⏸ Process isolation or a kernel of its own? (Linux · sh) is paused with 1 of 3 steps passed; still running: container isolab-proc-a.',
  );
  expect(summary).toContain(
    '⏸ Process isolation or a kernel of its own? (Linux · PowerShell) is paused with 1 of 3 steps passed; still running: container isolab-proc-b.',
  );
});

test('"your progress is saved" is said only while some edition\'s saved progress remains', async () => {
  const lab = readLab(join(FIXTURES, 'shells-lab.md'));
  const open = (shell: 'sh' | 'powershell') => {
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell }) });
    session.keep();
    session.skipStep('again');
    return session;
  };
  const life = new LabLifecycle();
  // Paused with progress, then opened again and removed: nothing is saved any more.
  const sh = open('sh');
  life.attach(sh, true, () => {});
  await life.pause();
  expect(life.progressSaved).toBe(true);
  life.attach(sh, true, () => {});
  await life.remove();
  await life.pause();
  expect(life.progressSaved).toBe(false);
  // Another edition paused with progress is still saved after this one's removal.
  const ps = open('powershell');
  life.attach(ps, true, () => {});
  await life.pause();
  const again = open('sh');
  life.attach(again, true, () => {});
  await life.remove();
  await life.shutdown();
  expect(life.progressSaved).toBe(true);
  await ps.cleanup();
});

test('x ends the run even when its removal warned of something: its progress goes, so opening the lab again starts afresh', async () => {
  const lab = readLab(join(FIXTURES, 'shells-lab.md'));
  const edition = editionOf(lab, { platform: 'linux', shell: 'sh' });
  const session = new Session({ edition });
  session.keep();
  session.skipStep('again');
  saveProgress(session);
  // A removal that removed the run's process and named an orphan it will not touch (not the run's).
  const warned = new Proxy(session, {
    get: (target, key, receiver) =>
      key === 'cleanup'
        ? async () => ({
            removed: [msg('cleanup.process', { pid: 4242, comm: 'sleep' })],
            problems: [msg('session.survivor', { pid: 4343, comm: 'sleep' })],
            kept: [],
          })
        : Reflect.get(target, key, receiver),
  });
  const life = new LabLifecycle();
  life.attach(warned, true, () => {});
  await life.remove();
  await life.pause();
  expect(existsSync(progressFile(edition, box.stateDir))).toBe(false);
  expect(life.progressSaved).toBe(false);
});

test.each(['en', 'es', 'fr', 'zh-CN'])(
  'in %s the words after leaving a lab midway name the lab, its sh edition and how far it got, as the end screen counts',
  async (locale) => {
    loadCatalogs();
    const t = createTranslator(locale);
    const plain = { dim: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s };
    const lab = readLab(join(FIXTURES, 'shells-lab.md'));
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }) });
    session.keep();
    await session.runStep('again');
    expect(session.state.steps.again?.status).toBe('passed');
    const life = new LabLifecycle();
    life.attach(session, true, () => {});
    await life.pause();
    const summary = exitSummary(
      { code: 0, cleanups: [], forced: false, progressSaved: life.progressSaved, locale, paused: life.paused },
      t,
      plain,
    );
    const line = summary.split('\n').find((l) => l.startsWith('⏸ '));
    expect(line, summary).toContain('One lab, two shells (Linux · sh)');
    // The end screen's own counting words: "1 of 2 steps passed" (fr "1 étape réussie sur 2").
    const steps = session.steps().length;
    expect(line, summary).toContain(tallyText(t, 'ui.exit.progress', { passed: 1, read: 0, total: steps }));
    expect(summary).toContain(t('ui.exit.progressSaved'));
    await session.cleanup();
  },
);

test.each(['en', 'es', 'fr', 'zh-CN'])(
  'in %s a lab left running is told to resume once: its paused line says to start isolab, and no second line says it again',
  async (locale) => {
    loadCatalogs();
    const t = createTranslator(locale);
    const plain = { dim: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s };
    const lab = readLab(join(FIXTURES, 'shells-lab.md'));
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }) });
    session.keep();
    await session.runStep('again');
    const life = new LabLifecycle();
    life.attach(session, true, () => {});
    await life.pause();
    // What namespaces leaves when the learner quits after step 1: two processes still running.
    const paused = life.paused.map((p) => ({ ...p, processes: 2 }));
    const summary = exitSummary({ code: 0, cleanups: [], forced: false, progressSaved: true, locale, paused }, t, plain);
    expect(summary).toContain('⏸ ');
    expect(summary).toContain(t('ui.exit.processes', { count: 2 }));
    expect(summary).not.toContain(t('ui.exit.progressSaved'));
    await session.cleanup();
  },
);
