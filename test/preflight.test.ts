import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { preflight, type FileAccess, type HostProbe, type PreflightReport } from '../src/host/preflight.js';
import { createTranslator } from '../src/i18n/translate.js';
import { readLab } from '../src/lab/catalog.js';
import { isolab } from './helpers/cli.js';

/**
 * Preflight decides whether a lab may run and says what to do when it may not. The machine is played
 * by a fake probe here, so the Windows answers (Windows-containers mode, Hyper-V, administrator) are
 * tested too; the real CLI is tested against a machine without an engine at the end.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const lab = readLab(join(ROOT, 'labs', 'hyperv-isolation.md'));
const t = createTranslator('en');

interface FakeHost {
  docker?: boolean;
  info?: Record<string, unknown> | 'down' | 'denied' | 'windows-down';
  images?: string[];
  windows?: { hypervFeature: number; hypervisorPresent: boolean; admin: boolean };
  socket?: 'ok' | 'missing' | 'denied';
  env?: NodeJS.ProcessEnv;
  commands?: string[];
  /** What fileAccess says of each path; any other path is missing. */
  files?: Record<string, FileAccess>;
}

function probe(h: FakeHost): HostProbe {
  const commands = new Set(h.commands ?? ['ps', 'grep', 'powershell']);
  return {
    env: h.env ?? {},
    uid: 0,
    which: (name) =>
      name === 'docker' ? (h.docker === false ? undefined : '/usr/bin/docker') : commands.has(name) ? `/usr/bin/${name}` : undefined,
    socketAccess: () => h.socket ?? 'ok',
    fileAccess: (path) => h.files?.[path] ?? 'missing',
    async run(file, args) {
      if (file === 'docker' && args[0] === 'info') {
        if (h.info === 'down')
          return {
            exitCode: 1,
            stdout: '{"ServerVersion":""}',
            stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
          };
        if (h.info === 'windows-down')
          return {
            exitCode: 1,
            stdout: '',
            stderr:
              'error during connect: this error may indicate that the docker daemon is not running: Get "http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.24/info": open //./pipe/docker_engine: The system cannot find the file specified.',
          };
        if (h.info === 'denied')
          return {
            exitCode: 1,
            stdout: '',
            stderr:
              'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/info": dial unix /var/run/docker.sock: connect: permission denied',
          };
        return { exitCode: 0, stdout: JSON.stringify(h.info ?? {}), stderr: '' };
      }
      if (file === 'docker' && args[0] === 'image') {
        const name = args[args.length - 1]!;
        return (h.images ?? []).includes(name)
          ? { exitCode: 0, stdout: 'sha256:3d4a7f01067c0123456789', stderr: '' }
          : { exitCode: 1, stdout: '', stderr: `Error: No such image: ${name}` };
      }
      if (file === 'powershell' && h.windows) return { exitCode: 0, stdout: JSON.stringify(h.windows), stderr: '' };
      return { exitCode: -1, stdout: '', stderr: `${file} was not found` };
    },
  };
}

function view(r: PreflightReport) {
  return Object.fromEntries(
    r.items.map((i) => [
      i.id,
      {
        status: i.ok ? 'ok' : i.unchecked ? 'unchecked' : 'missing',
        ...(i.detail ? { detail: t(i.detail.key, i.detail.params) } : {}),
        ...(i.fix && !i.ok ? { fix: t(i.fix.key, i.fix.params) } : {}),
      },
    ]),
  );
}

const LINUX_ENGINE = { ServerVersion: '20.10.24', OSType: 'linux', Runtimes: { runc: {}, runsc: {} }, Isolation: '' };
const WINDOWS_ENGINE = { ServerVersion: '25.0.5', OSType: 'windows', Runtimes: {}, Isolation: 'process' };
const WINDOWS_IMAGES = ['mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com/windows/nanoserver:ltsc2022'];

describe('preflight on Linux', () => {
  it('is ready when the engine answers with runsc and the image is there', async () => {
    const r = await preflight(lab, { platform: 'linux', shell: 'sh', probe: probe({ info: LINUX_ENGINE, images: ['busybox:stable'] }) });
    expect(r.ok).toBe(true);
    expect(Object.keys(view(r))).toEqual([
      'platform',
      'docker-cli',
      'docker-access',
      'docker-engine',
      'command:ps',
      'command:grep',
      'image:busybox:stable',
      'runtime:runsc',
    ]);
    expect(view(r)['image:busybox:stable']).toEqual({ status: 'ok', detail: 'present (id 3d4a7f01067c)' });
  });

  it('the PowerShell edition also needs PowerShell 7: found in ~/.dotnet/tools, with its version, or how to install it', async () => {
    const host = { info: LINUX_ENGINE, images: ['busybox:stable'] };
    const missing = view(await preflight(lab, { platform: 'linux', shell: 'powershell', probe: probe(host) }));
    expect(missing.pwsh).toEqual({
      status: 'missing',
      detail: 'not on PATH, in $DOTNET_TOOLS or in ~/.dotnet/tools',
      fix: "install PowerShell 7: sudo scripts/provision-linux-host.sh (with the .NET SDK it installs the PowerShell global tool into ~/.dotnet/tools; without it, it explains the other ways: Microsoft's package repository, snap)",
    });
    // The real pwsh of this machine, through a probe that knows nothing but HOME (no pwsh on PATH).
    const home = process.env.HOME!;
    const real = probe({ ...host, env: { HOME: home, DOTNET_TOOLS: '' } });
    const run = real.run.bind(real);
    real.run = async (file, args, timeoutMs) =>
      file.endsWith('/pwsh') ? { exitCode: 0, stdout: '7.6.9\n', stderr: '' } : run(file, args, timeoutMs);
    const found = await preflight(lab, { platform: 'linux', shell: 'powershell', probe: real });
    expect(view(found).pwsh).toEqual({ status: 'ok', detail: `PowerShell 7.6.9 at ${home}/.dotnet/tools/pwsh` });
    expect(found.ok).toBe(true);
    // The sh edition does not ask for it.
    expect(view(await preflight(lab, { platform: 'linux', shell: 'sh', probe: probe(host) })).pwsh).toBeUndefined();
  });

  it('without runsc the lab can still start: only the steps that state it need it', async () => {
    const report = await preflight(lab, {
      platform: 'linux',
      shell: 'sh',
      probe: probe({ info: { ...LINUX_ENGINE, Runtimes: { runc: {} } }, images: ['busybox:stable'] }),
    });
    expect(report.ok).toBe(true);
    const runsc = report.items.find((i) => i.id === 'runtime:runsc')!;
    expect(runsc.ok).toBe(false);
    expect(runsc.steps).toEqual(['start-sandbox', 'sandbox-top', 'sandbox-inside', 'sandbox-on-host', 'sandbox-worker', 'kernels']);
  });

  it('says to run the provisioning script when runsc or the image is missing (nothing can be pulled here)', async () => {
    const r = view(
      await preflight(lab, { platform: 'linux', probe: probe({ info: { ...LINUX_ENGINE, Runtimes: { runc: {} } }, images: [] }) }),
    );
    expect(r['runtime:runsc']).toEqual({
      status: 'missing',
      detail: 'available: runc',
      fix: 'install gVisor and register it with Docker as "runsc": sudo scripts/provision-linux-host.sh',
    });
    expect(r['image:busybox:stable']!.fix).toBe(
      'sudo scripts/provision-linux-host.sh builds busybox:stable locally (no registry needed); on a machine with registry access: docker pull busybox:stable',
    );
  });

  it('without an engine: says how to start one, and does not pretend to know about runtimes and images', async () => {
    const r = view(await preflight(lab, { platform: 'linux', probe: probe({ info: 'down', socket: 'missing' }) }));
    expect(r['docker-access']).toEqual({ status: 'unchecked', detail: 'no engine socket at /var/run/docker.sock' });
    expect(r['docker-engine']).toEqual({
      status: 'missing',
      detail: 'no answer: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      fix: 'prepare this machine with: sudo scripts/provision-linux-host.sh (installs Docker and gVisor if missing, starts the engine, imports the image; see docs/hosts.md)',
    });
    expect(r['runtime:runsc']!.status).toBe('unchecked');
    expect(r['image:busybox:stable']!.status).toBe('unchecked');
  });

  it('tells "no permission on the socket" apart from "no engine"', async () => {
    const r = view(await preflight(lab, { platform: 'linux', probe: probe({ info: 'denied', socket: 'denied' }) }));
    expect(r['docker-access']).toEqual({
      status: 'missing',
      detail: 'no permission to read and write /var/run/docker.sock',
      fix: 'run isolab as root (sudo), or add your user to the docker group (sudo usermod -aG docker $USER) and log in again',
    });
    expect(r['docker-engine']!.fix).toBe(r['docker-access']!.fix);
  });

  it('names DOCKER_HOST when it points at nothing', async () => {
    const r = view(
      await preflight(lab, {
        platform: 'linux',
        probe: probe({ info: 'down', socket: 'missing', env: { DOCKER_HOST: 'unix:///nonexistent.sock' } }),
      }),
    );
    expect(r['docker-access']!.detail).toBe('no engine socket at /nonexistent.sock');
    expect(r['docker-engine']!.fix).toMatch(
      /^DOCKER_HOST is set to unix:\/\/\/nonexistent.sock, where no engine answers: unset DOCKER_HOST/,
    );
  });

  it('says how to get docker when the client is missing', async () => {
    const r = view(await preflight(lab, { platform: 'linux', probe: probe({ docker: false }) }));
    expect(r['docker-cli']!.fix).toMatch(/^prepare this machine with: sudo scripts\/provision-linux-host.sh/);
    expect(r['docker-engine']).toEqual({ status: 'unchecked', detail: 'not checked: needs "docker command-line client" first' });
  });
});

describe('preflight on Windows', () => {
  const ready = { hypervFeature: 1, hypervisorPresent: true, admin: false };

  it('is ready with Windows containers, Hyper-V and both images', async () => {
    const r = await preflight(lab, { platform: 'windows', probe: probe({ info: WINDOWS_ENGINE, images: WINDOWS_IMAGES, windows: ready }) });
    expect(view(r)).toEqual({
      platform: { status: 'ok' },
      'docker-cli': { status: 'ok', detail: 'found at /usr/bin/docker' },
      'docker-engine': { status: 'ok', detail: 'version 25.0.5, windows containers, at npipe:////./pipe/docker_engine' },
      'isolation:process': { status: 'ok', detail: 'default isolation: process' },
      'isolation:hyperv': { status: 'ok', detail: 'Hyper-V feature enabled, hypervisor running' },
      'image:mcr.microsoft.com/windows/servercore:ltsc2022': { status: 'ok', detail: 'present (id 3d4a7f01067c)' },
      'image:mcr.microsoft.com/windows/nanoserver:ltsc2022': { status: 'ok', detail: 'present (id 3d4a7f01067c)' },
    });
    expect(r.ok).toBe(true);
  });

  it('asks to switch to Windows containers when the engine runs Linux containers', async () => {
    const r = view(
      await preflight(lab, {
        platform: 'windows',
        probe: probe({ info: { ...WINDOWS_ENGINE, OSType: 'linux' }, images: WINDOWS_IMAGES, windows: ready }),
      }),
    );
    expect(r['docker-mode']).toMatchObject({
      status: 'missing',
      detail: 'it runs linux containers',
      fix: expect.stringContaining('Switch to Windows containers'),
    });
    expect(r['isolation:hyperv']!.status).toBe('unchecked');
    expect(r['image:mcr.microsoft.com/windows/nanoserver:ltsc2022']!.status).toBe('unchecked');
  });

  it('says how to enable Hyper-V, or to restart when the feature is on but no hypervisor runs', async () => {
    const off = view(
      await preflight(lab, {
        platform: 'windows',
        probe: probe({ info: WINDOWS_ENGINE, images: WINDOWS_IMAGES, windows: { ...ready, hypervFeature: 2, hypervisorPresent: false } }),
      }),
    );
    expect(off['isolation:hyperv']).toMatchObject({
      status: 'missing',
      detail: 'Hyper-V feature not enabled, no hypervisor running',
      fix: expect.stringContaining('Install-WindowsFeature -Name Hyper-V'),
    });
    const noHv = view(
      await preflight(lab, {
        platform: 'windows',
        probe: probe({ info: WINDOWS_ENGINE, images: WINDOWS_IMAGES, windows: { ...ready, hypervisorPresent: false } }),
      }),
    );
    expect(noHv['isolation:hyperv']!.fix).toMatch(/^the Hyper-V feature is enabled but no hypervisor runs: restart Windows/);
  });

  it('says to pull a missing image, and how to start a stopped engine', async () => {
    const r = view(
      await preflight(lab, { platform: 'windows', probe: probe({ info: WINDOWS_ENGINE, images: [WINDOWS_IMAGES[0]!], windows: ready }) }),
    );
    expect(r['image:mcr.microsoft.com/windows/nanoserver:ltsc2022']!.fix).toMatch(
      /^docker pull mcr.microsoft.com\/windows\/nanoserver:ltsc2022 /,
    );
    const down = view(await preflight(lab, { platform: 'windows', probe: probe({ info: 'windows-down' }) }));
    expect(down['docker-engine']!.fix).toMatch(/Start-Service docker/);
    expect(down['docker-access']).toBeUndefined(); // a named pipe, not a socket file
  });
});

describe('isolab doctor on a machine without an engine', () => {
  it('says exactly what to do, exits 3, and --json is machine-readable', async () => {
    const env = { DOCKER_HOST: 'unix:///nonexistent.sock' };
    const text = await isolab(['doctor', 'hyperv-isolation'], { env });
    expect(text.exitCode).toBe(3);
    expect(text.stdout).toContain('✘ Docker engine answers — no answer: Cannot connect to the Docker daemon at unix:///nonexistent.sock.');
    expect(text.stdout).toContain(
      "→ DOCKER_HOST is set to unix:///nonexistent.sock, where no engine answers: unset DOCKER_HOST to use this machine's own engine (sudo scripts/provision-linux-host.sh installs and starts one)",
    );
    expect(text.stdout).toContain('? container runtime runsc — not checked: needs "Docker engine answers" first');
    expect(text.stdout).toMatch(/1 requirement is not met/);

    const json = await isolab(['doctor', 'hyperv-isolation', '--json'], { env });
    expect(json.exitCode).toBe(3);
    const report = JSON.parse(String(json.stdout)) as {
      labs: string[];
      platform: string;
      ok: boolean;
      items: { id: string; ok: boolean; status: string; fix?: string }[];
      fixes: string[];
    };
    expect(report).toMatchObject({ schemaVersion: 1, labs: ['hyperv-isolation'], platform: 'linux', ok: false });
    expect(report.items.find((i) => i.id === 'docker-engine')).toMatchObject({
      ok: false,
      status: 'missing',
      fix: expect.stringContaining('DOCKER_HOST'),
    });
    expect(report.items.filter((i) => i.status === 'unchecked').map((i) => i.id)).toEqual([
      'docker-access',
      'image:busybox:stable',
      'runtime:runsc',
    ]);
    expect(report.fixes).toHaveLength(1);

    // run refuses to start, with the same advice, and runs nothing.
    const run = await isolab(['run', 'hyperv-isolation', '--yes'], { env });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain("This machine does not meet the lab's requirements; no step was run.");
    expect(run.stdout).not.toContain('[2/');
  });

  it('without docker on PATH: says how to install it', async () => {
    const r = await isolab(['doctor', 'hyperv-isolation', '--json'], { env: { PATH: '/nonexistent' } });
    expect(r.exitCode).toBe(3);
    const report = JSON.parse(String(r.stdout)) as { items: { id: string; status: string; fix?: string }[] };
    expect(report.items.find((i) => i.id === 'docker-cli')).toMatchObject({
      status: 'missing',
      fix: expect.stringMatching(/^prepare this machine with: sudo scripts\/provision-linux-host.sh/),
    });
  });

  it('without a lab, checks what every shipped lab needs on this platform', async () => {
    const r = await isolab(['doctor', '--json'], { env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
    const report = JSON.parse(String(r.stdout)) as { schemaVersion: number; labs: string[]; items: { id: string }[] };
    expect(report).toMatchObject({ schemaVersion: 1, labs: expect.arrayContaining(['hyperv-isolation']) });
    expect(report.items.map((i) => i.id)).toEqual(expect.arrayContaining(['docker-engine', 'runtime:runsc', 'image:busybox:stable']));
  });
});

it('the lab and the provisioning script agree on the image name', () => {
  const script = readFileSync(join(ROOT, 'scripts', 'provision-linux-host.sh'), 'utf8');
  expect(script).toContain(`IMAGE="\${ISOLAB_IMAGE:-${lab.vars.image}}"`);
});
