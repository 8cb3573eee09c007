import { loadLabLazily } from '../lab/lab-files.js';
import { localize } from '../lab/localize.js';
import { editionOf } from '../edition/edition.js';
import { editionHere } from '../edition/choose.js';
import { hostPlatform } from '../host/platform.js';
import type { PreflightItem } from '../host/preflight.js';
import { msg } from '../i18n/translate.js';
import { verdictViews } from '../report/verdicts.js';
import { Session } from '../session/session.js';
import type { CliContext } from './context.js';

/** The lab whose steps define what a container host needs: `isolab doctor` runs them, so one definition serves both. */
export const HOST_LAB = 'container-host';

/**
 * Runs the container-host lab's steps on this machine (they only read: versions, features, rights,
 * free space, and one `docker run --rm`) and turns each verdict into a doctor line, worded by the lab
 * in the reader's language. A step whose command could not run says so instead of passing.
 */
export async function containerHostItems(ctx: CliContext): Promise<PreflightItem[]> {
  const platform = hostPlatform();
  const { lab, translation } = await loadLabLazily(HOST_LAB, ctx.locale.locale);
  if (!platform || !lab.platforms.includes(platform)) return [];
  const text = localize(lab, translation);
  // The platform's own shell: doctor asks what the host needs, not what a learner's shell reads.
  const session = new Session({ edition: editionOf(lab, editionHere(lab, platform)), ledgerDir: false });
  const items: PreflightItem[] = [];
  for (const step of session.steps()) {
    if (!session.edition.command(step)) continue;
    const state = await session.runStep(step.id);
    for (const v of verdictViews(state, text, lab, session.state, ctx.t)) {
      // The bare exit verdicts ("exit status 0") say nothing to an instructor unless they failed.
      if (v.passed && !v.teaching) continue;
      items.push({
        id: `host.${step.id}.${v.checkId}`,
        ok: v.passed,
        // Not judged (the command that would prove it failed): shown as "?", the failed check says why.
        ...(v.status === 'notJudged' ? { unchecked: true } : {}),
        label: msg('doctor.hostCheck', { text: v.teaching ?? v.detail }),
        ...(v.teaching && !v.passed ? { detail: msg('doctor.hostCheck', { text: v.detail }) } : {}),
      });
    }
  }
  return items;
}
