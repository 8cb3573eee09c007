import { hasEdition, shellsOn, type Lab, type Platform, type Shell } from '../lab/model.js';

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
export function editionLabel(edition: { platform: Platform; shell: Shell }): string {
  return `${platformName(edition.platform)} · ${shellName(edition.shell)}`;
}

/** The shell a lab opens in: the learner's choice (e, isolab --shell) where the lab has it, else the lab's first on this platform. */
export function pickShell(lab: Pick<Lab, 'editions'>, platform: Platform, preferred: Shell | undefined): Shell {
  return preferred && hasEdition(lab, { platform, shell: preferred }) ? preferred : (shellsOn(lab, platform)[0] ?? 'sh');
}
