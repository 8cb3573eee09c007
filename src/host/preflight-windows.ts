import { msg } from '../i18n/translate.js';
import type { Platform } from '../lab/model.js';
import { type EngineState, notChecked } from './preflight-engine.js';
import type { HostProbe, PreflightItem } from './preflight-probe.js';

/**
 * Preflight's lines that a Windows host answers about itself: Hyper-V for a Hyper-V-isolated
 * container (the utility VM), the process isolation the engine uses by default, and the
 * administrator's rights (root, elsewhere).
 */

/** What a Windows host says about Hyper-V and the user's rights (one PowerShell call). */
interface WindowsFacts {
  ok: boolean;
  /** Win32_OptionalFeature Microsoft-Hyper-V InstallState: 1 enabled, 2 disabled, 0 absent. */
  hypervFeature?: number;
  hypervisorPresent?: boolean;
  admin?: boolean;
  error?: string;
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

/** The host's facts, asked at most once per preflight and only when a line needs them. */
export type WindowsFactsOnce = () => Promise<WindowsFacts>;

export function windowsFactsOnce(probe: HostProbe): WindowsFactsOnce {
  let facts: WindowsFacts | undefined;
  return async () => (facts ??= await windowsFacts(probe));
}

/** An `isolation` requirement: process isolation (the engine's default), or Hyper-V for the utility VM. */
export async function isolationItem(
  name: string,
  engine: EngineState,
  platform: Platform,
  facts: WindowsFactsOnce,
): Promise<PreflightItem> {
  const label = msg('doctor.isolation', { name });
  if (platform !== 'windows') return { id: `isolation:${name}`, ok: false, label, fix: msg('doctor.fix.isolationWindowsOnly') };
  if (!engine.ready) return notChecked(`isolation:${name}`, label);
  if (name === 'process') {
    return {
      id: 'isolation:process',
      ok: true,
      label,
      detail: msg('doctor.defaultIsolation', { mode: engine.info!.isolation || 'process' }),
    };
  }
  const f = await facts();
  if (!f.ok) {
    return {
      id: 'isolation:hyperv',
      ok: false,
      label,
      detail: msg('doctor.hypervUnknown', { error: f.error ?? '?' }),
      fix: msg('doctor.fix.hyperv'),
    };
  }
  const ok = f.hypervFeature === 1 && !!f.hypervisorPresent;
  const detail = msg(f.hypervFeature === 1 ? 'doctor.hypervEnabled' : 'doctor.hypervDisabled', {
    hypervisor: msg(f.hypervisorPresent ? 'doctor.hypervisorRunning' : 'doctor.hypervisorAbsent'),
  });
  return {
    id: 'isolation:hyperv',
    ok,
    label,
    detail,
    ...(ok ? {} : { fix: msg(f.hypervFeature === 1 ? 'doctor.fix.hypervisor' : 'doctor.fix.hyperv') }),
  };
}

/** The `root` requirement: uid 0, or an administrator on Windows. */
export async function rootItem(probe: HostProbe, platform: Platform, facts: WindowsFactsOnce): Promise<PreflightItem> {
  const isRoot = platform === 'windows' ? !!(await facts()).admin : probe.uid === 0;
  return {
    id: 'root',
    ok: isRoot,
    label: msg('doctor.root'),
    ...(isRoot ? {} : { fix: msg(platform === 'windows' ? 'doctor.fix.rootWindows' : 'doctor.fix.root') }),
  };
}
