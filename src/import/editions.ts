import { frontMatterSchema, stepAnnotationSchema } from '../lab/schema.js';
import type { DraftCommand } from './draft.js';

/**
 * A page of PowerShell typed on Linux (`PS /root>`) is a Linux PowerShell edition of a lab. The lab
 * format learns editions (`editions:` in front matter, `shell:` on a step) on a branch of its own:
 * the skeleton names them only where the schema reads them, so it lints clean before and after.
 */
const SCHEMA_HAS_EDITIONS = 'editions' in frontMatterSchema.shape && 'shell' in stepAnnotationSchema.shape;
const DEFAULT_EDITIONS = new Set(['linux/sh', 'macos/sh', 'windows/powershell']);

export function editionOf(c: DraftCommand): string {
  return `${c.platform}/${c.shell === 'posix' ? 'sh' : 'powershell'}`;
}

/** The editions to declare: none when every command is in its platform's default shell. */
export function declaredEditions(commands: DraftCommand[]): string[] {
  const editions = [...new Set(commands.filter((c) => !c.norun).map(editionOf))].sort();
  return SCHEMA_HAS_EDITIONS && editions.some((e) => !DEFAULT_EDITIONS.has(e)) ? editions : [];
}
