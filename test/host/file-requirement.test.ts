import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflight, realProbe, stepsNotRunnable, type FileAccess, type HostProbe, type PreflightReport } from '../../src/host/preflight.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { readLab } from '../../src/lab/catalog.js';
import { tempDir } from '../helpers/cli.js';

/**
 * A `file` requirement: a lab that boots a kernel prepared beforehand (the utility VM's) says so, and
 * doctor tells a learner whose machine lacks it, or may not read it, what to do. Lab-wide it keeps the
 * lab from running; on a step, only that step is shown and not run.
 */

const lab = readLab(join(import.meta.dirname, '..', 'fixtures', 'file-requirement-lab.md'));
const PREPARED = '/var/lib/isolab-test/prepared';

function probe(files: Record<string, FileAccess>, commands: string[] = ['qemu-system-x86_64']): HostProbe {
  return {
    env: {},
    uid: 1000,
    which: (name) => (commands.includes(name) ? `/usr/bin/${name}` : undefined),
    socketAccess: () => 'missing',
    fileAccess: (path) => files[path] ?? 'missing',
    run: async (file) => ({ exitCode: -1, stdout: '', stderr: `${file} was not found` }),
  };
}

function view(r: PreflightReport, lang = 'en') {
  loadCatalogs();
  const t = createTranslator(lang);
  return Object.fromEntries(
    r.items.map((i) => [
      i.id,
      {
        ok: i.ok,
        ...(i.detail ? { detail: t(i.detail.key, i.detail.params) } : {}),
        ...(i.fix ? { fix: t(i.fix.key, i.fix.params) } : {}),
        ...(i.steps ? { steps: i.steps } : {}),
      },
    ]),
  );
}

describe('a file the lab needs', () => {
  it('is met when the file is there and readable; the lab is ready', async () => {
    const r = await preflight(lab, {
      platform: 'linux',
      shell: 'sh',
      probe: probe({ [`${PREPARED}/base.img`]: 'ok', [`${PREPARED}/kernel`]: 'ok' }),
    });
    expect(r.ok).toBe(true);
    expect(view(r)[`file:${PREPARED}/base.img`]).toEqual({ ok: true, detail: 'present and readable' });
    expect(view(r)[`file:${PREPARED}/kernel`]).toEqual({ ok: true, detail: 'present and readable', steps: ['boot'] });
  });

  it('missing lab-wide on Linux: the lab does not run, and the fix is the provisioning script', async () => {
    const r = await preflight(lab, { platform: 'linux', shell: 'sh', probe: probe({ [`${PREPARED}/kernel`]: 'ok' }) });
    expect(r.ok).toBe(false);
    expect(view(r)[`file:${PREPARED}/base.img`]).toEqual({
      ok: false,
      detail: 'not on this machine',
      fix: 'prepare it with: sudo scripts/provision-linux-host.sh (it builds what the labs need from Debian packages; see docs/hosts.md)',
    });
  });

  it('missing on a step: the lab still runs, and only that step is shown, not run', async () => {
    const r = await preflight(lab, { platform: 'linux', shell: 'sh', probe: probe({ [`${PREPARED}/base.img`]: 'ok' }, []) });
    expect(r.ok).toBe(true);
    const items = view(r);
    expect(items[`file:${PREPARED}/kernel`]).toMatchObject({ ok: false, steps: ['boot'] });
    // QEMU is named with the Debian package that has it, and the script that installs it.
    expect(items['command:qemu-system-x86_64']).toEqual({
      ok: false,
      fix: 'sudo scripts/provision-linux-host.sh installs it (Debian package qemu-system-x86)',
      steps: ['boot'],
    });
    expect([...stepsNotRunnable(r).keys()]).toEqual(['boot']);
  });

  it('there but unreadable: says so, and how to let this user read it', async () => {
    const r = await preflight(lab, { platform: 'linux', shell: 'sh', probe: probe({ [`${PREPARED}/base.img`]: 'denied' }) });
    expect(view(r)[`file:${PREPARED}/base.img`]).toEqual({
      ok: false,
      detail: 'there, but this user may not read it',
      fix: `let this user read ${PREPARED}/base.img (chmod a+r), or run isolab as root`,
    });
    const es = view(r, 'es')[`file:${PREPARED}/base.img`]!;
    expect(es.detail).toBe('existe, pero este usuario no puede leerlo');
    expect(es.fix).toBe(`deja que este usuario lea ${PREPARED}/base.img (chmod a+r), o ejecuta isolab como root`);
  });

  it('a folder where a file should be is not the file', async () => {
    const r = await preflight(lab, { platform: 'linux', shell: 'sh', probe: probe({ [`${PREPARED}/base.img`]: 'not-a-file' }) });
    expect(view(r)[`file:${PREPARED}/base.img`]).toMatchObject({ ok: false, detail: 'not a regular file' });
  });

  it("off Linux, where no provisioning script prepares it, the fix points at the lab's own words", async () => {
    const r = await preflight(lab, { platform: 'windows', probe: probe({}) });
    expect(view(r)[`file:${PREPARED}/base.img`]).toEqual({
      ok: false,
      detail: 'not on this machine',
      fix: "prepare it as the lab's introduction says, then run isolab doctor again",
    });
    // The Linux-only requirements of the boot step are not asked for on Windows.
    expect(view(r)[`file:${PREPARED}/kernel`]).toBeUndefined();
  });

  it("the real probe reads this machine's files", () => {
    const dir = tempDir('isolab-file-req-');
    writeFileSync(join(dir, 'kernel'), 'x');
    mkdirSync(join(dir, 'folder'));
    expect(realProbe.fileAccess(join(dir, 'kernel'))).toBe('ok');
    expect(realProbe.fileAccess(join(dir, 'folder'))).toBe('not-a-file');
    expect(realProbe.fileAccess(join(dir, 'absent'))).toBe('missing');
  });
});
