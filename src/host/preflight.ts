import { execa } from 'execa';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { msg, type Msg } from '../i18n/translate.js';
import { appliesTo, type Lab, type Platform, type Requirement } from '../lab/model.js';
import { fillPlaceholders } from '../lab/placeholders.js';
import { hostPlatform } from './platform.js';

/** One line of `isolab doctor`: a requirement, whether this machine meets it, and how to fix it. */
export interface PreflightItem {
  id: string;
  ok: boolean;
  label: Msg;
  detail?: Msg;
  fix?: Msg;
}

export interface PreflightReport {
  platform: Platform | undefined;
  ok: boolean;
  items: PreflightItem[];
}

interface DockerInfo {
  ok: boolean;
  error?: string;
  osType?: string;
  runtimes: string[];
  isolation?: string;
  serverVersion?: string;
}

/** Finds an executable on PATH, the way a shell would. */
export function findOnPath(name: string, env = process.env): string | undefined {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const file = join(dir, name + ext);
      try {
        if (!statSync(file).isFile()) continue;
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

async function dockerInfo(): Promise<DockerInfo> {
  const r = await execa('docker', ['info', '--format', '{{json .}}'], { reject: false, timeout: 20_000, env: { LC_ALL: 'C' }, stdin: 'ignore' }).catch((e: Error) => ({ exitCode: -1, stdout: '', stderr: e.message }));
  if (r.exitCode !== 0) return { ok: false, error: String(r.stderr).trim().split('\n').slice(-1)[0] ?? '', runtimes: [] };
  try {
    const info = JSON.parse(String(r.stdout)) as { OSType?: string; Runtimes?: Record<string, unknown>; Isolation?: string; ServerVersion?: string; ServerErrors?: string[] };
    if (!info.ServerVersion) return { ok: false, error: info.ServerErrors?.join('; ') ?? 'no server', runtimes: [] };
    return { ok: true, osType: info.OSType ?? '', runtimes: Object.keys(info.Runtimes ?? {}), isolation: info.Isolation ?? '', serverVersion: info.ServerVersion };
  } catch {
    return { ok: false, error: 'unreadable docker info', runtimes: [] };
  }
}

function provisionFix(platform: Platform | undefined): Msg {
  return platform === 'windows' ? msg('doctor.fix.windowsEngine') : msg('doctor.fix.provision');
}

/** Checks this machine against a lab's requirements (or, without a lab, the general ones). */
export async function preflight(lab: Lab | undefined, opts: { platform?: Platform } = {}): Promise<PreflightReport> {
  const platform = opts.platform ?? hostPlatform();
  const items: PreflightItem[] = [];
  items.push(platform
    ? { id: 'platform', ok: !lab || lab.platforms.includes(platform), label: msg('doctor.platform', { platform }), ...(lab && !lab.platforms.includes(platform) ? { fix: msg('doctor.fix.platform', { platforms: lab.platforms.join(', ') }) } : {}) }
    : { id: 'platform', ok: false, label: msg('doctor.platform', { platform: process.platform }), fix: msg('doctor.fix.unsupportedOs') });

  const requirements: Requirement[] = lab ? lab.requires.filter((r) => platform && appliesTo(r, platform)) : [{ kind: 'engine', name: 'docker' }];
  const vars = (s: string) => fillPlaceholders(s, (n) => lab?.vars[n] ?? `{{${n}}}`);
  let info: DockerInfo | undefined;
  const needsEngine = requirements.some((r) => ['engine', 'runtime', 'isolation', 'image'].includes(r.kind));
  if (needsEngine) {
    const cli = findOnPath('docker');
    items.push({ id: 'docker-cli', ok: !!cli, label: msg('doctor.dockerCli'), ...(cli ? { detail: msg('doctor.found', { path: cli }) } : { fix: provisionFix(platform) }) });
    if (cli) info = await dockerInfo();
    const engineOk = !!info?.ok;
    items.push({
      id: 'docker-engine', ok: engineOk, label: msg('doctor.dockerEngine'),
      ...(engineOk ? { detail: msg('doctor.engineVersion', { version: info!.serverVersion ?? '?', os: info!.osType ?? '?' }) }
        : { detail: msg('doctor.engineError', { error: info?.error || '-' }), fix: /permission denied/i.test(info?.error ?? '') ? msg('doctor.fix.permission') : provisionFix(platform) }),
    });
    if (engineOk && platform === 'windows' && info!.osType !== 'windows') {
      items.push({ id: 'docker-mode', ok: false, label: msg('doctor.windowsMode'), detail: msg('doctor.osType', { os: info!.osType ?? '?' }), fix: msg('doctor.fix.windowsMode') });
    }
  }
  for (const req of requirements) {
    switch (req.kind) {
      case 'engine':
        break; // covered above
      case 'command': {
        const found = findOnPath(req.name);
        items.push({ id: `command:${req.name}`, ok: !!found, label: msg('doctor.command', { name: req.name }), ...(found ? { detail: msg('doctor.found', { path: found }) } : { fix: msg('doctor.fix.command', { name: req.name }) }) });
        break;
      }
      case 'runtime': {
        const ok = !!info?.runtimes.includes(req.name);
        items.push({ id: `runtime:${req.name}`, ok, label: msg('doctor.runtime', { name: req.name }), ...(info?.ok ? { detail: msg('doctor.runtimes', { list: info.runtimes.join(', ') || '-' }) } : {}), ...(ok ? {} : { fix: provisionFix(platform) }) });
        break;
      }
      case 'isolation': {
        const ok = !!info?.ok && info.osType === 'windows';
        items.push({ id: `isolation:${req.name}`, ok, label: msg('doctor.isolation', { name: req.name }), ...(ok ? { detail: msg('doctor.defaultIsolation', { mode: info?.isolation || 'process' }) } : { fix: msg(req.name === 'hyperv' ? 'doctor.fix.hyperv' : 'doctor.fix.windowsMode') }) });
        break;
      }
      case 'image': {
        const name = vars(req.name);
        const ok = !!info?.ok && (await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', name], { reject: false, timeout: 20_000, stdin: 'ignore' })).exitCode === 0;
        items.push({ id: `image:${name}`, ok, label: msg('doctor.image', { name }), ...(ok ? {} : { fix: platform === 'linux' ? msg('doctor.fix.imageLinux', { name }) : msg('doctor.fix.imagePull', { name }) }) });
        break;
      }
      case 'root': {
        const isRoot = process.platform === 'win32' ? true : process.getuid?.() === 0;
        items.push({ id: 'root', ok: isRoot, label: msg('doctor.root'), ...(isRoot ? {} : { fix: msg('doctor.fix.root') }) });
        break;
      }
    }
  }
  return { platform, ok: items.every((i) => i.ok), items };
}
