import type { EditionId, Platform, Shell } from '../lab/model.js';

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
