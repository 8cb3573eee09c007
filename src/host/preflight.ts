import { runFile } from './run-file.js';
import { dockerQueryOnSocket } from './engine-socket.js';
import { accessSync, constants, type Stats, statSync } from 'node:fs';
import { findOnPath } from './which.js';
import { fileURLToPath } from 'node:url';
import { msg, type Msg } from '../i18n/translate.js';
import { displayPath } from '../lab/lab-files.js';
import { appliesTo, hasEdition, type EditionId, type Lab, type Platform, type Requirement, type Shell } from '../lab/model.js';
import { findPwsh, PWSH_VERSION_ARGS } from './pwsh.js';
import { fillPlaceholders } from '../value/placeholders.js';
import { hostPlatform } from './platform.js';

export { findOnPath };

/** One line of `isolab doctor`: a requirement, whether this machine meets it, and how to fix it. */
export interface PreflightItem {
  id: string;
  ok: boolean;
  /** Set when the item could not be checked because something it depends on is missing (ok is false). */
  unchecked?: boolean;
  label: Msg;
  detail?: Msg;
  fix?: Msg;
  /**
   * Set when only some steps need this (a step's own `requires`): the lab still runs, and those steps
   * are shown, not run. Unset: the lab as a whole needs it.
   */
  steps?: string[];
}

export interface PreflightReport {
  platform: Platform | undefined;
  /** Everything the lab as a whole needs is here (steps with needs of their own may still be unmet). */
  ok: boolean;
  items: PreflightItem[];
}

/** What preflight needs from the machine; tests replace it to play a Windows host or a broken one. */
export interface HostProbe {
  /** Runs a program; never throws (a missing program gives exitCode -1 and the error in stderr). */
  run(file: string, args: string[], timeoutMs: number): Promise<{ exitCode: number; stdout: string; stderr: string; timedOut?: boolean }>;
  /** Finds an executable on PATH. */
  which(name: string): string | undefined;
  env: NodeJS.ProcessEnv;
  /** POSIX uid, undefined on Windows. */
  uid: number | undefined;
  /** Whether the current user may read and write a unix socket: 'ok', 'missing', 'denied', 'not-a-socket'. */
  socketAccess(path: string): 'ok' | 'missing' | 'denied' | 'not-a-socket';
  /** Whether the current user may read a file (a `file` requirement). */
  fileAccess(path: string): FileAccess;
}

export type FileAccess = 'ok' | 'missing' | 'denied' | 'not-a-file';

export interface PreflightOptions {
  platform?: Platform;
  /** The learner's shell; without it, every edition the labs have on this platform is checked. */
  shell?: Shell;
  probe?: HostProbe;
}

interface DockerInfo {
  ok: boolean;
  error?: string;
  timedOut?: boolean;
  osType?: string;
  runtimes: string[];
  defaultRuntime?: string;
  isolation?: string;
  serverVersion?: string;
}

/** What a Windows host says about Hyper-V and the user's rights (one PowerShell call). */
interface WindowsFacts {
  ok: boolean;
  /** Win32_OptionalFeature Microsoft-Hyper-V InstallState: 1 enabled, 2 disabled, 0 absent. */
  hypervFeature?: number;
  hypervisorPresent?: boolean;
  admin?: boolean;
  error?: string;
}

function socketAccess(path: string): 'ok' | 'missing' | 'denied' | 'not-a-socket' {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EACCES' ? 'denied' : 'missing';
  }
  if (!st.isSocket()) return 'not-a-socket';
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return 'ok';
  } catch {
    return 'denied';
  }
}

function fileAccess(path: string): FileAccess {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EACCES' ? 'denied' : 'missing';
  }
  if (!st.isFile()) return 'not-a-file';
  try {
    accessSync(path, constants.R_OK);
    return 'ok';
  } catch {
    return 'denied';
  }
}

/** Commands the provisioning script installs on Linux, with the Debian package that has them. */
const PROVISIONED_COMMANDS: Record<string, string> = { 'qemu-system-x86_64': 'qemu-system-x86', dockerd: 'docker.io', runsc: 'runsc' };

export const realProbe: HostProbe = {
  async run(file, args, timeoutMs) {
    // The engine's own socket when the docker CLI (found here) would ask that same socket: no Go
    // program started for the question (engine-socket.ts).
    const onSocket = file === 'docker' && findOnPath('docker') ? await dockerQueryOnSocket(args, timeoutMs) : undefined;
    if (onSocket) return onSocket;
    try {
      const r = await runFile(file, args, { timeoutMs, env: { LC_ALL: 'C' } });
      if (r.exitCode === undefined) {
        return {
          exitCode: -1,
          stdout: r.stdout,
          stderr: r.timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} s` : r.stderr || r.spawnError || 'killed by a signal',
          ...(r.timedOut ? { timedOut: true } : {}),
        };
      }
      return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      return { exitCode: -1, stdout: '', stderr: (e as Error).message };
    }
  },
  which: (name) => findOnPath(name),
  get env() {
    return process.env;
  },
  get uid() {
    return process.getuid?.();
  },
  socketAccess,
  fileAccess,
};

/** PowerShell 7 for the PowerShell editions off Windows: where it is, and that it starts. */
async function pwshItem(probe: HostProbe): Promise<PreflightItem> {
  const label = msg('doctor.pwsh');
  const fix = msg('doctor.fix.pwsh', { script: provisionScript() });
  const found = findPwsh(probe.env, (name) => probe.which(name), probe.env.HOME ?? '');
  if (!found) return { id: 'pwsh', ok: false, label, detail: msg('doctor.pwshMissing'), fix };
  const r = await probe.run(found.path, PWSH_VERSION_ARGS, 60_000);
  const version = r.stdout.trim();
  if (r.exitCode !== 0 || !/^7\./.test(version)) {
    return {
      id: 'pwsh',
      ok: false,
      label,
      detail: msg('doctor.pwshBroken', { path: found.path, error: r.stderr.trim().split('\n')[0] || version || `exit ${r.exitCode}` }),
      fix,
    };
  }
  return { id: 'pwsh', ok: true, label, detail: msg('doctor.pwshFound', { version, path: found.path }) };
}

/** The provisioning script, as the user would type it from where they are. */
export function provisionScript(): string {
  return shippedPath('scripts/provision-linux-host.sh');
}

/** A file isolab ships: relative in a clone the user stands in, absolute in an installed package. */
function shippedPath(file: string): string {
  const path = fileURLToPath(new URL(`../../${file}`, import.meta.url));
  const shown = displayPath(path);
  return /(^|[\\/])node_modules[\\/]/.test(shown) ? path : shown;
}

// A loaded engine answers `docker info` in about a second; a frozen one never does. Eight seconds
// tells them apart without making a learner wait 20 s for a verdict on a stopped engine.
const DOCKER_INFO_TIMEOUT_MS = 8_000;

async function dockerInfo(probe: HostProbe): Promise<DockerInfo> {
  const r = await probe.run('docker', ['info', '--format', '{{json .}}'], DOCKER_INFO_TIMEOUT_MS);
  let info:
    | {
        OSType?: string;
        Runtimes?: Record<string, unknown> | null;
        DefaultRuntime?: string;
        Isolation?: string;
        ServerVersion?: string;
        ServerErrors?: string[];
      }
    | undefined;
  try {
    info = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  } catch {
    info = undefined;
  }
  if (info?.ServerVersion) {
    return {
      ok: true,
      osType: info.OSType ?? '',
      runtimes: Object.keys(info.Runtimes ?? {}),
      isolation: info.Isolation ?? '',
      serverVersion: info.ServerVersion,
      ...(info.DefaultRuntime ? { defaultRuntime: info.DefaultRuntime } : {}),
    };
  }
  // The client prints the reason on stderr ("Cannot connect to the Docker daemon at …", "permission denied …");
  // newer clients also put it in ServerErrors.
  const lines = [...(info?.ServerErrors ?? []), ...r.stderr.split('\n')].map((l) => l.trim()).filter(Boolean);
  const error =
    lines.find((l) => /cannot connect|permission denied|access is denied|error during connect|daemon|pipe|no answer/i.test(l)) ??
    lines[lines.length - 1] ??
    (r.exitCode === 0 ? 'the engine sent no server information' : `docker info exited with ${r.exitCode}`);
  return { ok: false, error, runtimes: [], ...(r.timedOut ? { timedOut: true } : {}) };
}

const WINDOWS_FACTS_SCRIPT = [
  "$ErrorActionPreference = 'SilentlyContinue'",
  '$f = Get-CimInstance -ClassName Win32_OptionalFeature -Filter "Name=\'Microsoft-Hyper-V\'"',
  '$cs = Get-CimInstance -ClassName Win32_ComputerSystem',
  '$id = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()',
  '[pscustomobject]@{ hypervFeature = [int]($f.InstallState); hypervisorPresent = [bool]$cs.HypervisorPresent; admin = $id.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator) } | ConvertTo-Json -Compress',
].join('; ');

async function windowsFacts(probe: HostProbe): Promise<WindowsFacts> {
  const shell = probe.which('powershell') ? 'powershell' : probe.which('pwsh') ? 'pwsh' : undefined;
  if (!shell) return { ok: false, error: 'neither powershell nor pwsh was found' };
  const r = await probe.run(shell, ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_FACTS_SCRIPT], 30_000);
  try {
    const v = JSON.parse(r.stdout.trim()) as { hypervFeature?: number; hypervisorPresent?: boolean; admin?: boolean };
    return { ok: true, hypervFeature: Number(v.hypervFeature ?? 0), hypervisorPresent: !!v.hypervisorPresent, admin: !!v.admin };
  } catch {
    return { ok: false, error: r.stderr.trim().split('\n')[0] || `${shell} gave no answer` };
  }
}

/** The endpoint the docker CLI talks to: DOCKER_HOST, else the platform's default. */
function dockerEndpoint(env: NodeJS.ProcessEnv, platform: Platform | undefined): { host: string; fromEnv: boolean; socket?: string } {
  const fromEnv = !!env.DOCKER_HOST;
  const host = env.DOCKER_HOST || (platform === 'windows' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock');
  return { host, fromEnv, ...(host.startsWith('unix://') ? { socket: host.slice('unix://'.length) } : {}) };
}

function engineFix(platform: Platform | undefined, endpoint: { host: string; fromEnv: boolean }, error: string): Msg {
  if (/permission denied|access is denied/i.test(error))
    return platform === 'windows' ? msg('doctor.fix.permissionWindows') : msg('doctor.fix.permission');
  if (endpoint.fromEnv)
    return platform === 'windows'
      ? msg('doctor.fix.dockerHostWindows', { host: endpoint.host })
      : msg('doctor.fix.dockerHost', { host: endpoint.host, script: provisionScript() });
  return platform === 'windows'
    ? msg('doctor.fix.windowsEngine', { docs: shippedPath('docs/hosts.md') })
    : msg('doctor.fix.provision', { script: provisionScript(), docs: shippedPath('docs/hosts.md') });
}

/** Checks this machine against a lab's requirements (or, without a lab, the general ones). */
export async function preflight(lab: Lab | undefined, opts: PreflightOptions = {}): Promise<PreflightReport> {
  return preflightLabs(lab ? [lab] : [], opts);
}

/**
 * Checks this machine against the requirements of several labs at once (`isolab doctor` with no lab:
 * is this workshop machine ready for everything we ship?). With no lab at all, checks the engine.
 */
export async function preflightLabs(labs: readonly Lab[], opts: PreflightOptions = {}): Promise<PreflightReport> {
  const probe = opts.probe ?? realProbe;
  const platform = opts.platform ?? hostPlatform();
  const items: PreflightItem[] = [];
  const single = labs.length === 1 ? labs[0] : undefined;
  if (!platform) {
    items.push({
      id: 'platform',
      ok: false,
      label: msg('doctor.platform', { platform: process.platform }),
      fix: msg('doctor.fix.unsupportedOs'),
    });
    return { platform, ok: false, items };
  }
  const editions: EditionId[] = opts.shell
    ? [{ platform, shell: opts.shell }]
    : [...new Set(labs.flatMap((l) => l.editions.filter((e) => e.platform === platform).map((e) => e.shell)))].map((shell) => ({
        platform,
        shell,
      }));
  const runnable = labs.filter((l) => l.platforms.includes(platform) && (!opts.shell || hasEdition(l, { platform, shell: opts.shell })));
  const platformOk = labs.length === 0 || runnable.length > 0;
  items.push({
    id: 'platform',
    ok: platformOk,
    label: msg('doctor.platform', { platform }),
    ...(platformOk
      ? {}
      : {
          fix: msg('doctor.fix.platform', {
            platforms: [...new Set(labs.flatMap((l) => l.platforms))].join(', '),
            lab: single?.id ?? '<lab>',
          }),
        }),
  });

  // Every requirement of every lab that runs here, with the lab's vars filled in, once each; and for
  // those only some steps state, which steps.
  const requirements: Requirement[] = [];
  const seen = new Set<string>();
  const labLevel = new Set<string>();
  const stepsNeeding = new Map<string, string[]>();
  const add = (lab: Lab, r: Requirement, stepId?: string) => {
    if (!editions.some((e) => appliesTo(r, e))) return;
    const resolved = ('name' in r ? { ...r, name: fillPlaceholders(r.name, (n) => lab.vars[n] ?? `{{${n}}}`) } : r) as Requirement;
    const key = requirementItemId(resolved);
    if (!seen.has(key)) {
      seen.add(key);
      requirements.push(resolved);
    }
    if (!stepId) labLevel.add(key);
    else stepsNeeding.set(key, [...(stepsNeeding.get(key) ?? []), stepId]);
  };
  for (const lab of runnable) {
    for (const r of lab.requires) add(lab, r);
    for (const step of lab.steps) if (editions.some((e) => appliesTo(step, e))) for (const r of step.requires) add(lab, r, step.id);
  }
  if (labs.length === 0) requirements.push({ kind: 'engine', name: 'docker' });

  const endpoint = dockerEndpoint(probe.env, platform);
  let info: DockerInfo | undefined;
  const imageLookups = new Map<string, ReturnType<HostProbe['run']>>();
  const needsEngine = requirements.some((r) => ['engine', 'runtime', 'isolation', 'image'].includes(r.kind));
  if (needsEngine) {
    const cli = probe.which('docker');
    items.push({
      id: 'docker-cli',
      ok: !!cli,
      label: msg('doctor.dockerCli'),
      ...(cli
        ? { detail: msg('doctor.found', { path: cli }) }
        : {
            fix:
              platform === 'windows'
                ? msg('doctor.fix.windowsEngine', { docs: shippedPath('docs/hosts.md') })
                : msg('doctor.fix.provision', { script: provisionScript(), docs: shippedPath('docs/hosts.md') }),
          }),
    });
    // Privileges: on a local unix socket we can tell "no engine" from "not allowed" before asking.
    if (endpoint.socket && platform !== 'windows') {
      const access = probe.socketAccess(endpoint.socket);
      const params = { socket: endpoint.socket };
      items.push(
        access === 'ok'
          ? { id: 'docker-access', ok: true, label: msg('doctor.dockerAccess'), detail: msg('doctor.socketOk', params) }
          : access === 'denied'
            ? {
                id: 'docker-access',
                ok: false,
                label: msg('doctor.dockerAccess'),
                detail: msg('doctor.socketDenied', params),
                fix: msg('doctor.fix.permission'),
              }
            : // No socket means no engine: the engine item below says what to do about that.
              {
                id: 'docker-access',
                ok: false,
                unchecked: true,
                label: msg('doctor.dockerAccess'),
                detail: msg(access === 'missing' ? 'doctor.socketMissing' : 'doctor.socketNotSocket', params),
              },
      );
    }
    // Image lookups do not depend on docker info's answer: asked at the same time, they cost no extra
    // round trip before a run's first step (their answers are ignored when the engine is not ready).
    if (cli) {
      for (const r of requirements)
        if (r.kind === 'image' && !imageLookups.has(r.name))
          imageLookups.set(r.name, probe.run('docker', ['image', 'inspect', '--format', '{{.Id}}', r.name], DOCKER_INFO_TIMEOUT_MS));
      info = await dockerInfo(probe);
    }
    const engineOk = !!info?.ok;
    if (cli) {
      items.push({
        id: 'docker-engine',
        ok: engineOk,
        label: msg('doctor.dockerEngine'),
        ...(engineOk
          ? { detail: msg('doctor.engineVersion', { version: info!.serverVersion ?? '?', os: info!.osType ?? '?', host: endpoint.host }) }
          : { detail: msg('doctor.engineError', { error: info?.error || '-' }), fix: engineFix(platform, endpoint, info?.error ?? '') }),
      });
    } else {
      items.push({
        id: 'docker-engine',
        ok: false,
        unchecked: true,
        label: msg('doctor.dockerEngine'),
        detail: msg('doctor.unchecked', { what: msg('doctor.dockerCli') }),
      });
    }
    if (engineOk && platform === 'windows' && info!.osType !== 'windows') {
      items.push({
        id: 'docker-mode',
        ok: false,
        label: msg('doctor.windowsMode'),
        detail: msg('doctor.osType', { os: info!.osType ?? '?' }),
        fix: msg('doctor.fix.windowsMode'),
      });
    }
  }
  const engineReady = !!info?.ok && (platform !== 'windows' || info.osType === 'windows');
  const notChecked = (id: string, label: Msg): PreflightItem => ({
    id,
    ok: false,
    unchecked: true,
    label,
    detail: msg('doctor.unchecked', { what: msg('doctor.dockerEngine') }),
  });

  let facts: WindowsFacts | undefined;
  const windowsFactsOnce = async () => (facts ??= await windowsFacts(probe));

  for (const req of requirements) {
    switch (req.kind) {
      case 'engine':
        break; // covered above
      case 'command': {
        const found = probe.which(req.name);
        const pkg = platform === 'linux' ? PROVISIONED_COMMANDS[req.name] : undefined;
        items.push({
          id: `command:${req.name}`,
          ok: !!found,
          label: msg('doctor.command', { name: req.name }),
          ...(found
            ? { detail: msg('doctor.found', { path: found }) }
            : {
                fix: pkg
                  ? msg('doctor.fix.commandProvision', { name: req.name, package: pkg, script: provisionScript() })
                  : msg('doctor.fix.command', { name: req.name }),
              }),
        });
        break;
      }
      case 'file': {
        const access = probe.fileAccess(req.name);
        items.push({
          id: `file:${req.name}`,
          ok: access === 'ok',
          label: msg('doctor.file', { path: req.name }),
          detail: msg(FILE_DETAIL[access]),
          ...(access === 'ok'
            ? {}
            : {
                fix:
                  access === 'denied'
                    ? msg('doctor.fix.fileDenied', { path: req.name })
                    : platform === 'linux'
                      ? msg('doctor.fix.fileProvision', { script: provisionScript(), docs: shippedPath('docs/hosts.md') })
                      : msg('doctor.fix.file'),
              }),
        });
        break;
      }
      case 'runtime': {
        const label = msg('doctor.runtime', { name: req.name });
        if (!engineReady) {
          items.push(notChecked(`runtime:${req.name}`, label));
          break;
        }
        const ok = info!.runtimes.includes(req.name);
        const detail = msg('doctor.runtimes', { list: info!.runtimes.join(', ') || '-' });
        const fix =
          platform === 'linux' && req.name === 'runsc'
            ? msg('doctor.fix.runsc', { script: provisionScript() })
            : msg('doctor.fix.runtime', { name: req.name });
        items.push({ id: `runtime:${req.name}`, ok, label, detail, ...(ok ? {} : { fix }) });
        break;
      }
      case 'isolation': {
        const label = msg('doctor.isolation', { name: req.name });
        if (platform !== 'windows') {
          items.push({ id: `isolation:${req.name}`, ok: false, label, fix: msg('doctor.fix.isolationWindowsOnly') });
          break;
        }
        if (!engineReady) {
          items.push(notChecked(`isolation:${req.name}`, label));
          break;
        }
        if (req.name === 'process') {
          items.push({
            id: 'isolation:process',
            ok: true,
            label,
            detail: msg('doctor.defaultIsolation', { mode: info!.isolation || 'process' }),
          });
          break;
        }
        const f = await windowsFactsOnce();
        if (!f.ok) {
          items.push({
            id: 'isolation:hyperv',
            ok: false,
            label,
            detail: msg('doctor.hypervUnknown', { error: f.error ?? '?' }),
            fix: msg('doctor.fix.hyperv'),
          });
          break;
        }
        const ok = f.hypervFeature === 1 && !!f.hypervisorPresent;
        const detail = msg(f.hypervFeature === 1 ? 'doctor.hypervEnabled' : 'doctor.hypervDisabled', {
          hypervisor: msg(f.hypervisorPresent ? 'doctor.hypervisorRunning' : 'doctor.hypervisorAbsent'),
        });
        items.push({
          id: 'isolation:hyperv',
          ok,
          label,
          detail,
          ...(ok ? {} : { fix: msg(f.hypervFeature === 1 ? 'doctor.fix.hypervisor' : 'doctor.fix.hyperv') }),
        });
        break;
      }
      case 'image': {
        const label = msg('doctor.image', { name: req.name });
        if (!engineReady) {
          items.push(notChecked(`image:${req.name}`, label));
          break;
        }
        const r = await (imageLookups.get(req.name) ??
          probe.run('docker', ['image', 'inspect', '--format', '{{.Id}}', req.name], DOCKER_INFO_TIMEOUT_MS));
        const ok = r.exitCode === 0;
        const id = r.stdout
          .trim()
          .replace(/^sha256:/, '')
          .slice(0, 12);
        items.push({
          id: `image:${req.name}`,
          ok,
          label,
          ...(ok
            ? { detail: msg('doctor.imageId', { id }) }
            : {
                detail: msg('doctor.imageMissing'),
                fix:
                  platform === 'linux'
                    ? msg('doctor.fix.imageLinux', { name: req.name, script: provisionScript() })
                    : platform === 'windows'
                      ? msg('doctor.fix.imageWindows', { name: req.name })
                      : msg('doctor.fix.imagePull', { name: req.name }),
              }),
        });
        break;
      }
      case 'root': {
        let isRoot: boolean;
        if (platform === 'windows') isRoot = !!(await windowsFactsOnce()).admin;
        else isRoot = probe.uid === 0;
        items.push({
          id: 'root',
          ok: isRoot,
          label: msg('doctor.root'),
          ...(isRoot ? {} : { fix: msg(platform === 'windows' ? 'doctor.fix.rootWindows' : 'doctor.fix.root') }),
        });
        break;
      }
    }
  }
  // Windows brings its own PowerShell; elsewhere a PowerShell edition needs PowerShell 7 installed.
  if (platform !== 'windows' && runnable.length && editions.some((e) => e.shell === 'powershell')) items.push(await pwshItem(probe));
  // A need that only some steps state marks its item (and the engine's, when only steps need an engine).
  const stepOnly = (key: string) => !labLevel.has(key) && stepsNeeding.has(key);
  const engineKeys = [...seen].filter((k) => /^(docker-engine|runtime:|isolation:|image:)/.test(k));
  const engineSteps =
    engineKeys.length && engineKeys.every(stepOnly) ? [...new Set(engineKeys.flatMap((k) => stepsNeeding.get(k)!))] : undefined;
  for (const item of items) {
    const steps = stepOnly(item.id) ? stepsNeeding.get(item.id) : /^docker-/.test(item.id) ? engineSteps : undefined;
    if (steps) item.steps = steps;
  }
  return { platform, ok: items.every((i) => i.ok || i.steps), items };
}

const FILE_DETAIL: Record<FileAccess, string> = {
  ok: 'doctor.fileOk',
  missing: 'doctor.fileMissing',
  denied: 'doctor.fileDenied',
  'not-a-file': 'doctor.fileNotFile',
};

/** The doctor line that answers a requirement. */
export function requirementItemId(r: Requirement): string {
  return r.kind === 'engine' ? 'docker-engine' : r.kind === 'root' ? 'root' : `${r.kind}:${r.name}`;
}

/**
 * The steps this machine cannot run although the lab can, each with what it lacks: they are shown
 * read-only (with the docs' example output), never counted as passed.
 */
export function stepsNotRunnable(report: PreflightReport): Map<string, PreflightItem[]> {
  const out = new Map<string, PreflightItem[]>();
  for (const item of report.items) {
    if (item.ok || !item.steps) continue;
    for (const id of item.steps) out.set(id, [...(out.get(id) ?? []), item]);
  }
  return out;
}
