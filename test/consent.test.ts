import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './helpers/cli.js';
import { createTranslator } from '../src/i18n/translate.js';
import type { Locale as Lang } from '../src/i18n/locale.js';
import { loadCatalogs } from '../src/i18n/catalogs/index.js';
import type { Report } from '../src/report/build.js';
import { renderReport } from '../src/report/formats.js';

/**
 * An attended run (a terminal, no --yes) runs nothing the learner has not seen and agreed to: the lab's
 * cleanup commands are shown and agreed before the first command, and `q` never runs anything else.
 */
async function attended(
  answers: string[],
  lab = join(ROOT, 'test/fixtures/consent-lab.md'),
  arg = '',
  stateDir = tempDir(),
  lang: Lang = 'en',
) {
  loadCatalogs();
  const t = createTranslator(lang);
  // The start of each question, as the learner's language words it.
  const agree = t('run.cleanupConfirm').split(/[?？]/)[0]!;
  const run = t('run.confirm').split(/[?？]/)[0]!;
  const args = arg ? [arg] : [];
  const marker = join(tempDir(), 'mark');
  const socket = `isolab-consent-${process.pid}-${answers.join('')}-${lang}`;
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
  await tmux(
    'new-session',
    '-d',
    '-x',
    '120',
    '-y',
    '50',
    `env ISOLAB_STATE_DIR='${stateDir}' ISOLAB_TEST_MARKER='${marker}' ISOLAB_LANG=${lang} NO_COLOR=1 '${process.execPath}' '${BIN}' run '${lab}' ${args.join(' ')}; echo "exit=$?"; sleep 30`,
  );
  const screen = async () => String((await tmux('capture-pane', '-p', '-S', '-200')).stdout);
  const waitFor = async (text: string, count: number) => {
    const end = Date.now() + 15_000;
    while ((await screen()).split(text).length - 1 < count) {
      if (Date.now() > end) throw new Error(`"${text}" (${count}) never showed:\n${await screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await waitFor(agree, 1);
    const beforeAnything = await screen();
    await tmux('send-keys', answers[0]!, 'Enter');
    for (let i = 1; i < answers.length; i++) {
      await waitFor(run, i);
      await tmux('send-keys', answers[i]!, 'Enter');
    }
    await waitFor('exit=', 1);
    return { beforeAnything, screen: await screen(), ran: (name: string) => existsSync(`${marker}.${name}`) };
  } finally {
    await tmux('kill-server');
  }
}

describe('attended run: consent', () => {
  it('shows the cleanup command before the first command runs', async () => {
    const r = await attended(['q']);
    expect(r.beforeAnything).toContain('isolab will run these cleanup commands');
    expect(r.beforeAnything).toContain('touch "$ISOLAB_TEST_MARKER.cleanup"');
    expect(r.beforeAnything).not.toContain('Run this command?');
    expect(r.ran('first') || r.ran('cleanup')).toBe(false);
  });

  it('a declined cleanup never runs, even when the learner quits mid-lab', async () => {
    const r = await attended(['n', '', 'q']);
    expect(r.ran('first')).toBe(true);
    expect(r.ran('second')).toBe(false);
    expect(r.ran('cleanup')).toBe(false);
    expect(r.screen).toContain('The cleanup will not run');
    expect(r.screen).toContain('exit=1');
  });

  it('an agreed cleanup runs when the learner quits after a command ran', async () => {
    const r = await attended(['', '', 'q']);
    expect(r.ran('first')).toBe(true);
    expect(r.ran('second')).toBe(false);
    expect(r.ran('cleanup')).toBe(true);
  });
});

describe('a declined cleanup keeps what the lab started', () => {
  it('the namespaces sleep keeps running after the run, is named as kept, and isolab cleanup removes it', async () => {
    const { isolab } = await import('./helpers/cli.js');
    const stateDir = tempDir();
    // n: keep what the lab creates; Enter: run step 1 (it starts the sleep); q: leave.
    const r = await attended(['n', '', 'q'], 'namespaces', '', stateDir);
    expect(r.screen).toContain('The cleanup will not run');
    expect(r.screen).not.toMatch(/removed process/);
    expect(r.screen).toMatch(/Kept, as you chose: \d+ process/);
    // Said once, as kept: never also warned about as a process that may have escaped the run.
    expect(r.screen).not.toContain('started during a step');
    const keptLine = /Kept, as you chose: \d+ process(?:es)? \(([^)]*)\)/.exec(r.screen)?.[1] ?? '';
    const pids = [...keptLine.matchAll(/(?:sleep|unshare) (\d+)/g)].map((m) => Number(m[1]));
    expect(pids.length).toBeGreaterThan(0);
    expect(pids.some((pid) => existsSync(`/proc/${pid}`))).toBe(true);
    const cleaned = await isolab(['cleanup'], { stateDir });
    // Said once, before it acts (the command that stops a process, or "removes: process …"), then done.
    expect(cleaned.stdout).toMatch(/removes: process|runs: kill/);
    expect(cleaned.stdout).toContain('  done');
    for (const pid of pids) expect(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')).toBe(false);
  });
});

describe("a kept run's report names what it left running", () => {
  it('the JSON, Markdown and JUnit reports list the processes the learner chose to keep, and how to remove them', async () => {
    const { isolab } = await import('./helpers/cli.js');
    const stateDir = tempDir();
    const json = join(tempDir(), 'r.json');
    // n: keep what the lab creates; Enter: run step 1 (it starts the sleep); q: leave.
    const r = await attended(['n', '', 'q'], 'namespaces', `--report ${json}`, stateDir);
    try {
      const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
      const kept = report.cleanup.kept;
      expect(kept.containers).toEqual([]);
      expect(kept.processes.length).toBeGreaterThan(0);
      // The same processes the console named as kept, and really still running.
      const keptLine = /Kept, as you chose: \d+ process(?:es)? \(([^)]*)\)/.exec(r.screen)?.[1] ?? '';
      for (const p of kept.processes) expect(keptLine).toContain(`${p.comm} ${p.pid}`);
      expect(kept.processes.some((p) => existsSync(`/proc/${p.pid}`))).toBe(true);
      loadCatalogs();
      for (const lang of ['en', 'es', 'fr', 'zh-CN'] as const) {
        const t = createTranslator(lang);
        const md = renderReport({ ...report, lang }, 'markdown', t);
        expect(md).toContain(`## ${t('report.kept')}\n`);
        for (const p of kept.processes) expect(md).toContain(`- ${t('cleanup.process', { pid: p.pid, comm: `\`${p.comm}\`` })}`);
        expect(md).toContain(t('run.keptHint'));
      }
      const xml = renderReport(report, 'junit');
      for (const p of kept.processes) expect(xml).toContain(`<property name="kept.process" value="${p.pid} ${p.comm}"/>`);
    } finally {
      await isolab(['cleanup'], { stateDir });
    }
  });

  it('a run that kept nothing says so with empty lists, and no section', async () => {
    const { isolab } = await import('./helpers/cli.js');
    const json = join(tempDir(), 'r.json');
    await isolab(['run', 'test/fixtures/reading-lab.md', '--yes', '--report', json]);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.cleanup.kept).toEqual({ containers: [], processes: [] });
    expect(renderReport(report, 'markdown')).not.toContain('Kept running');
    expect(renderReport(report, 'junit')).not.toContain('kept.');
  });
});

describe('the consent names only what the lab creates', () => {
  /** What the consent says, from its heading to its question (the lab's own title above may say anything). */
  const consentOf = (screen: string, lang: Lang) => {
    const t = createTranslator(lang);
    const from = screen.indexOf(t('run.cleanupPlan'));
    return screen.slice(from, screen.indexOf(t('run.cleanupConfirm').split(/[?？]/)[0]!, from));
  };
  const container: Record<Lang, RegExp> = { en: /container/i, es: /contenedor/i, fr: /conteneur/i, 'zh-CN': /容器/ };
  const processes: Record<Lang, RegExp> = { en: /process/, es: /proceso/, fr: /processus/, 'zh-CN': /进程/ };

  it.each(['en', 'es', 'fr', 'zh-CN'] as const)(
    'the engine-free namespaces lab (%s) speaks of processes, never of containers',
    async (lang) => {
      const r = await attended(['q'], 'namespaces', '', tempDir(), lang);
      const consent = consentOf(r.beforeAnything, lang);
      expect(consent).toMatch(processes[lang]);
      expect(consent).not.toMatch(container[lang]);
    },
  );

  it('a lab that creates containers still says it removes them', async () => {
    const r = await attended(['q'], join(ROOT, 'test/fixtures/dependency-lab.md'));
    expect(consentOf(r.beforeAnything, 'en')).toContain('remove any container labelled isolab.run=');
  });
});

describe("consent shows the edition's own cleanup commands", () => {
  it("the PowerShell edition of namespaces asks to agree to Stop-Process, the command that runs, never the sh edition's kill", async () => {
    const r = await attended(['q'], 'namespaces', '--shell powershell');
    expect(r.beforeAnything).toContain('isolab will run these cleanup commands');
    expect(r.beforeAnything).toContain('$ Stop-Process -Id <number> -ErrorAction Ignore');
    expect(r.beforeAnything).not.toContain('kill -KILL');
  });
});

describe('what a learner kept stays until they ask', () => {
  it('a later run leaves a kept run alone; isolab cleanup removes it', async () => {
    const { mkdirSync, writeFileSync, readdirSync } = await import('node:fs');
    const { isolab } = await import('./helpers/cli.js');
    const stateDir = tempDir();
    mkdirSync(join(stateDir, 'runs'), { recursive: true });
    const ledger = {
      version: 1,
      runId: '20261127-0000cee9',
      labId: 'consent-lab',
      labFile: join(ROOT, 'test/fixtures/consent-lab.md'),
      platform: 'linux',
      owner: { pid: 2 ** 22 + 17 },
      startedAt: new Date().toISOString(),
      containers: [],
      captures: {},
      kept: true,
    };
    writeFileSync(join(stateDir, 'runs', `${ledger.runId}.json`), JSON.stringify(ledger));
    const later = await isolab(['run', 'test/fixtures/attended-lab.md', '--yes'], {
      stateDir,
      env: { ISOLAB_TEST_MARKER: join(tempDir(), 'm') },
    });
    expect(later.exitCode).toBe(0);
    expect(later.stderr).not.toContain('20261127-0000cee9');
    expect(readdirSync(join(stateDir, 'runs'))).toContain(`${ledger.runId}.json`);
    const cleanup = await isolab(['cleanup'], { stateDir });
    expect(cleanup.stdout).toContain('20261127-0000cee9');
    expect(readdirSync(join(stateDir, 'runs'))).not.toContain(`${ledger.runId}.json`);
  });
});
