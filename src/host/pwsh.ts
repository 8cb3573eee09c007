import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from './which.js';

/**
 * Where PowerShell 7 lives on this machine. A `pwsh` on PATH wins; otherwise the .NET global tools
 * folder, because `dotnet tool install --global PowerShell` puts it there without adding the folder
 * to PATH (scripts/provision-linux-host.sh installs it that way).
 */
export interface PwshLocation {
  path: string;
  /** How it was found, for `isolab doctor`. */
  via: 'PATH' | 'DOTNET_TOOLS' | 'dotnet-tools';
}

export function dotnetToolsDirs(
  env: NodeJS.ProcessEnv = process.env,
  home: string | undefined = homedir(),
): { dir: string; via: PwshLocation['via'] }[] {
  const dirs: { dir: string; via: PwshLocation['via'] }[] = [];
  if (env.DOTNET_TOOLS) dirs.push({ dir: env.DOTNET_TOOLS, via: 'DOTNET_TOOLS' });
  if (home) dirs.push({ dir: join(home, '.dotnet', 'tools'), via: 'dotnet-tools' });
  return dirs;
}

export function findPwsh(
  env: NodeJS.ProcessEnv = process.env,
  which: (name: string) => string | undefined = (name) => findOnPath(name, env),
  home: string | undefined = homedir(),
): PwshLocation | undefined {
  const onPath = which('pwsh');
  if (onPath) return { path: onPath, via: 'PATH' };
  const exe = process.platform === 'win32' ? 'pwsh.exe' : 'pwsh';
  for (const { dir, via } of dotnetToolsDirs(env, home)) {
    const file = join(dir, exe);
    if (isExecutable(file)) return { path: file, via };
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Arguments that make pwsh print its version and nothing else (no profile, no banner). */
export const PWSH_VERSION_ARGS = ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'];
