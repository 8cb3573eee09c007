import { kindOfShell, shellOfKind, type EditionId, type Platform, type Shell, type ShellKind } from '../lab/model.js';

/**
 * How the screen names a platform and a shell. They are product names, the same in every language
 * (Microsoft's own translations keep "PowerShell" and "Linux"), so they are not in the catalogs.
 */
const PLATFORM_NAMES: Record<Platform, string> = { linux: 'Linux', windows: 'Windows', macos: 'macOS' };
const SHELL_NAMES: Record<Shell, string> = { sh: 'sh', powershell: 'PowerShell' };

export function platformName(platform: Platform): string {
  return PLATFORM_NAMES[platform];
}

export function shellName(shell: Shell): string {
  return SHELL_NAMES[shell];
}

/** The header's edition: "Linux · PowerShell". */
export function editionLabel(edition: EditionId): string {
  return `${platformName(edition.platform)} · ${shellName(edition.shell)}`;
}

/**
 * Where a command shown to read belongs, by name: its platforms ("Linux, Windows"), and this platform's
 * command in the other shell named by its shell too ("Linux · PowerShell"). The full screen and the
 * screen reader say it alike; the screen reader said the platform's id ("linux").
 */
export function toReadWhere(part: { platforms: readonly Platform[]; shell?: ShellKind }, edition: EditionId): string {
  const otherShell =
    part.shell && part.shell !== kindOfShell(edition.shell) && part.platforms.includes(edition.platform)
      ? ` · ${shellName(shellOfKind(part.shell))}`
      : '';
  return part.platforms.map(platformName).join(', ') + otherShell;
}
