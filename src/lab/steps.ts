import { appliesTo, type Lab, type Platform, type Step, type Where } from './model.js';

/**
 * The steps a learner goes through on a platform, in order: every step for that platform except
 * the cleanup steps, which run at the end of every run whatever happened and are reported apart.
 * "N steps" means this everywhere: isolab list, a run's [i/N] and summary, reports, the TUI.
 */
export function learnerSteps(lab: Lab, platform: Where): Step[] {
  return lab.steps.filter((s) => !s.cleanup && appliesTo(s, platform));
}

/** The edition a lab is shown in on this machine: the host's, or the lab's first. */
export function editionFor(lab: Lab, host: Platform | undefined): Platform {
  return host && lab.platforms.includes(host) ? host : (lab.platforms[0] ?? 'linux');
}
