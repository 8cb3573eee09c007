import { findPwsh } from '../../src/host/pwsh.js';

/**
 * The PowerShell 7 these tests run for real. None is a failure, never a skip: the PowerShell
 * editions are part of what isolab promises (scripts/provision-linux-host.sh installs it).
 */
export function requirePwsh(): string {
  const found = findPwsh();
  if (!found) throw new Error('no pwsh on PATH, in $DOTNET_TOOLS or in ~/.dotnet/tools: run sudo scripts/provision-linux-host.sh (it installs PowerShell 7)');
  return found.path;
}
