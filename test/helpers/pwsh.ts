import { spawnSync } from 'node:child_process';
import { chmodSync, realpathSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { findPwsh } from '../../src/host/pwsh.js';

/**
 * The PowerShell 7 these tests run for real. None is a failure, never a skip: the PowerShell
 * editions are part of what isolab promises (scripts/provision-linux-host.sh installs it).
 */
export function requirePwsh(): string {
  const found = findPwsh();
  if (!found)
    throw new Error(
      'no pwsh on PATH, in $DOTNET_TOOLS or in ~/.dotnet/tools: run sudo scripts/provision-linux-host.sh (it installs PowerShell 7)',
    );
  return found.path;
}

/**
 * The environment that lets another user of this machine run the same PowerShell. One installed
 * system-wide (/usr/bin, /usr/local/bin …) needs nothing. The .NET global tool lives in root's
 * ~/.dotnet/tools, which other users cannot reach (/root is 0700): its folder is hard-linked (copied
 * across file systems) into a folder they can read, named by $DOTNET_TOOLS, where isolab looks for
 * pwsh. `remove` deletes that folder; nothing of the machine's own changes.
 */
export function pwshForOtherUsers(tempDir: (prefix: string) => string): { env: Record<string, string>; remove: () => void } {
  requirePwsh();
  const found = findPwsh()!;
  const env: Record<string, string> = process.env.DOTNET_ROOT ? { DOTNET_ROOT: process.env.DOTNET_ROOT } : {};
  if (found.via === 'PATH' && /^\/(usr\/(local\/)?)?s?bin$/.test(dirname(found.path))) return { env, remove: () => {} };
  const from = dirname(realpathSync(found.path));
  const dir = tempDir('isolab-pwsh-tools-');
  chmodSync(dir, 0o755);
  if (spawnSync('cp', ['-al', `${from}/.`, dir]).status !== 0 && spawnSync('cp', ['-a', `${from}/.`, dir]).status !== 0) {
    throw new Error(`cannot copy ${from} to ${dir} for another user`);
  }
  return { env: { ...env, DOTNET_TOOLS: dir }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
