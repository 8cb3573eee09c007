import { msg } from '../i18n/translate.js';
import type { Platform } from '../lab/model.js';
import { type FileAccess, type HostProbe, type PreflightItem, provisionScript, shippedPath } from './preflight-probe.js';
import { findPwsh, PWSH_VERSION_ARGS } from './pwsh.js';

/**
 * Preflight's lines for what a lab needs on the host itself, outside the engine: a command on PATH,
 * a file it may read, and PowerShell 7 for the PowerShell editions off Windows.
 */

/** Commands the provisioning script installs on Linux, with the Debian package that has them. */
const PROVISIONED_COMMANDS: Record<string, string> = { 'qemu-system-x86_64': 'qemu-system-x86', dockerd: 'docker.io', runsc: 'runsc' };

/** A `command` requirement: the command is on PATH. */
export function commandItem(name: string, probe: HostProbe, platform: Platform): PreflightItem {
  const found = probe.which(name);
  const pkg = platform === 'linux' ? PROVISIONED_COMMANDS[name] : undefined;
  return {
    id: `command:${name}`,
    ok: !!found,
    label: msg('doctor.command', { name }),
    ...(found
      ? { detail: msg('doctor.found', { path: found }) }
      : {
          fix: pkg
            ? msg('doctor.fix.commandProvision', { name, package: pkg, script: provisionScript() })
            : msg('doctor.fix.command', { name }),
        }),
  };
}

const FILE_DETAIL: Record<FileAccess, string> = {
  ok: 'doctor.fileOk',
  missing: 'doctor.fileMissing',
  denied: 'doctor.fileDenied',
  'not-a-file': 'doctor.fileNotFile',
};

/** A `file` requirement: a file this user may read. */
export function fileItem(path: string, probe: HostProbe, platform: Platform): PreflightItem {
  const access = probe.fileAccess(path);
  return {
    id: `file:${path}`,
    ok: access === 'ok',
    label: msg('doctor.file', { path }),
    detail: msg(FILE_DETAIL[access]),
    ...(access === 'ok'
      ? {}
      : {
          fix:
            access === 'denied'
              ? msg('doctor.fix.fileDenied', { path })
              : platform === 'linux'
                ? msg('doctor.fix.fileProvision', { script: provisionScript(), docs: shippedPath('docs/hosts.md') })
                : msg('doctor.fix.file'),
        }),
  };
}

/** PowerShell 7 for the PowerShell editions off Windows: where it is, and that it starts. */
export async function pwshItem(probe: HostProbe): Promise<PreflightItem> {
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
