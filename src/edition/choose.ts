import { editionName, hasEdition, type EditionId, type Lab, type Platform, type Shell } from '../lab/model.js';

/** The shells a lab offers on a platform, in the order the lab lists them. */
export function shellsOn(lab: Pick<Lab, 'editions'>, platform: Platform): Shell[] {
  return lab.editions.filter((e) => e.platform === platform).map((e) => e.shell);
}

/**
 * The edition a lab opens in on a host, as the TUI and the lab list choose it: the host's platform
 * where the lab has it (else the lab's first, which can only be read here), in the learner's shell
 * where the lab has it (e, isolab --shell), else the lab's first shell on that platform.
 */
export function editionHere(lab: Pick<Lab, 'platforms' | 'editions'>, host: Platform | undefined, preferred?: Shell): EditionId {
  const platform = host && lab.platforms.includes(host) ? host : (lab.platforms[0] ?? 'linux');
  const shell = preferred && hasEdition(lab, { platform, shell: preferred }) ? preferred : (shellsOn(lab, platform)[0] ?? 'sh');
  return { platform, shell };
}

/** Why the edition asked for is not one of the lab's: what was asked, and what the lab has. */
interface NoSuchEdition {
  asked: string;
  has: string[];
}

/**
 * The edition asked for by name (isolab run --platform P --shell S): the platform defaults to the
 * host's, the shell to the lab's first on that platform. Unlike the TUI, nothing is put in its place:
 * a lab without it is an answer of its own.
 */
export function askedEdition(
  lab: Pick<Lab, 'platforms' | 'editions'>,
  asked: { platform: Platform; shell?: Shell | undefined },
): { ok: true; id: EditionId } | { ok: false; missing: NoSuchEdition } {
  if (!lab.platforms.includes(asked.platform)) return { ok: false, missing: { asked: asked.platform, has: lab.platforms } };
  const id: EditionId = { platform: asked.platform, shell: asked.shell ?? shellsOn(lab, asked.platform)[0] ?? 'sh' };
  if (!hasEdition(lab, id)) return { ok: false, missing: { asked: editionName(id), has: lab.editions.map(editionName) } };
  return { ok: true, id };
}
