import { msg, type Msg } from '../i18n/translate.js';
import type { Platform, Requirement } from '../lab/model.js';
import { type HostProbe, type PreflightItem, provisionScript, shippedPath } from './preflight-probe.js';

/**
 * Preflight's engine lines: the docker CLI, the right to use the engine's socket, the engine itself
 * (one `docker info`), Windows' container mode, and the needs it answers: runtimes and images.
 */

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

/** What the engine lines found, for the requirements that ask the engine. */
export interface EngineState {
  info: DockerInfo | undefined;
  /** The engine answered, and in the mode this platform's labs need. */
  ready: boolean;
  imageLookups: Map<string, ReturnType<HostProbe['run']>>;
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

/** The endpoint the docker CLI talks to: DOCKER_HOST, else the platform's default. */
function dockerEndpoint(env: NodeJS.ProcessEnv, platform: Platform | undefined): { host: string; fromEnv: boolean; socket?: string } {
  const fromEnv = !!env.DOCKER_HOST;
  const host = env.DOCKER_HOST || (platform === 'windows' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock');
  return { host, fromEnv, ...(host.startsWith('unix://') ? { socket: host.slice('unix://'.length) } : {}) };
}

/** No engine here: how to install one. */
function installEngineFix(platform: Platform | undefined): Msg {
  return platform === 'windows'
    ? msg('doctor.fix.windowsEngine', { docs: shippedPath('docs/hosts.md') })
    : msg('doctor.fix.provision', { script: provisionScript(), docs: shippedPath('docs/hosts.md') });
}

function engineFix(platform: Platform | undefined, endpoint: { host: string; fromEnv: boolean }, error: string): Msg {
  if (/permission denied|access is denied/i.test(error))
    return platform === 'windows' ? msg('doctor.fix.permissionWindows') : msg('doctor.fix.permission');
  if (endpoint.fromEnv)
    return platform === 'windows'
      ? msg('doctor.fix.dockerHostWindows', { host: endpoint.host })
      : msg('doctor.fix.dockerHost', { host: endpoint.host, script: provisionScript() });
  return installEngineFix(platform);
}

function accessItem(socket: string, access: ReturnType<HostProbe['socketAccess']>): PreflightItem {
  const params = { socket };
  return access === 'ok'
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
        };
}

/**
 * The engine's own lines (pushed on `items`), when any requirement asks the engine; and what they
 * found, for the runtime, isolation and image lines.
 */
export async function engineItems(
  requirements: readonly Requirement[],
  probe: HostProbe,
  platform: Platform,
  items: PreflightItem[],
): Promise<EngineState> {
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
      ...(cli ? { detail: msg('doctor.found', { path: cli }) } : { fix: installEngineFix(platform) }),
    });
    // Privileges: on a local unix socket we can tell "no engine" from "not allowed" before asking.
    if (endpoint.socket && platform !== 'windows') items.push(accessItem(endpoint.socket, probe.socketAccess(endpoint.socket)));
    // Image lookups do not depend on docker info's answer: asked at the same time, they cost no extra
    // round trip before a run's first step (their answers are ignored when the engine is not ready).
    if (cli) {
      for (const r of requirements)
        if (r.kind === 'image' && !imageLookups.has(r.name)) imageLookups.set(r.name, imageLookup(probe, r.name));
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
  const ready = !!info?.ok && (platform !== 'windows' || info.osType === 'windows');
  return { info, ready, imageLookups };
}

function imageLookup(probe: HostProbe, name: string): ReturnType<HostProbe['run']> {
  return probe.run('docker', ['image', 'inspect', '--format', '{{.Id}}', name], DOCKER_INFO_TIMEOUT_MS);
}

/** The line of a need the engine answers when the engine could not be asked. */
export function notChecked(id: string, label: Msg): PreflightItem {
  return { id, ok: false, unchecked: true, label, detail: msg('doctor.unchecked', { what: msg('doctor.dockerEngine') }) };
}

/** A `runtime` requirement: the engine has that runtime. */
export function runtimeItem(name: string, engine: EngineState, platform: Platform): PreflightItem {
  const label = msg('doctor.runtime', { name });
  if (!engine.ready) return notChecked(`runtime:${name}`, label);
  const ok = engine.info!.runtimes.includes(name);
  const detail = msg('doctor.runtimes', { list: engine.info!.runtimes.join(', ') || '-' });
  const fix =
    platform === 'linux' && name === 'runsc' ? msg('doctor.fix.runsc', { script: provisionScript() }) : msg('doctor.fix.runtime', { name });
  return { id: `runtime:${name}`, ok, label, detail, ...(ok ? {} : { fix }) };
}

/** An `image` requirement: the engine has that image (asked alongside `docker info` when it could be). */
export async function imageItem(name: string, engine: EngineState, probe: HostProbe, platform: Platform): Promise<PreflightItem> {
  const label = msg('doctor.image', { name });
  if (!engine.ready) return notChecked(`image:${name}`, label);
  const r = await (engine.imageLookups.get(name) ?? imageLookup(probe, name));
  const ok = r.exitCode === 0;
  const id = r.stdout
    .trim()
    .replace(/^sha256:/, '')
    .slice(0, 12);
  return {
    id: `image:${name}`,
    ok,
    label,
    ...(ok
      ? { detail: msg('doctor.imageId', { id }) }
      : {
          detail: msg('doctor.imageMissing'),
          fix:
            platform === 'linux'
              ? msg('doctor.fix.imageLinux', { name, script: provisionScript() })
              : platform === 'windows'
                ? msg('doctor.fix.imageWindows', { name })
                : msg('doctor.fix.imagePull', { name }),
        }),
  };
}
