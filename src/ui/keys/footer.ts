import { contextOf, type ControllerState, type Facts } from '../controller.js';
import { CONTEXTS, EDITION_COMMANDS, FOOTER_HIDDEN, FOOTER_WORDS, RUN_COMMANDS, SCROLL_COMMANDS, type Command } from './bindings.js';

/** The footer: the keys a learner needs next, each with the word that says what it does now. */
export function footerOf(s: ControllerState, f: Facts): { command: Command; word: string }[] {
  const context = contextOf(s, f);
  const hidden = new Set<Command>(FOOTER_HIDDEN[context] ?? []);
  if (context === 'lab' && f.lab?.busy) for (const c of RUN_COMMANDS) hidden.add(c);
  // A lab only read runs nothing: Enter reads on, to the end screen after the last step.
  if (context === 'lab' && f.lab?.readOnly) for (const c of ['rerun', 'skip'] as const) hidden.add(c);
  if (context === 'leaving' || context === 'end') hidden.add('interrupt');
  if (context === 'end' && !f.lab?.keeps) hidden.add('remove');
  if (context === 'home' || context === 'help' || context === 'resumePrompt') hidden.add('interrupt');
  // A region with something hidden names its key, and only then: every line of the step is reachable
  // from the footer, and the footer names no key that would do nothing here.
  // While a step runs its output streams into the results: PgDn stays named for the whole run, so the
  // footer does not change (and the screen redraw) the moment they first overflow.
  if (context === 'lab') {
    for (const [c, area] of Object.entries(SCROLL_COMMANDS)) {
      if (f[area].max > 0 || (area === 'results' && f.lab?.busy)) hidden.delete(c as Command);
      else hidden.add(c as Command);
    }
    // A region scrolled to its end names the key back up instead: Space and PgDn moved nothing there.
    // (m pages the command from its last page back to the top, so it always acts.)
    const ends: [Command, Command, number, number][] = [
      ['scrollDown', 'scrollUp', s.proseScroll, f.prose.max],
      ['resultsDown', 'resultsUp', s.resultsScroll, f.lab?.busy ? Number.POSITIVE_INFINITY : f.results.max],
    ];
    for (const [down, up, at, max] of ends)
      if (max > 0 && at >= max) {
        hidden.add(down);
        hidden.delete(up);
      }
  }
  // The help and the end screen are one scrolled column: PgDn while something is below, PgUp once
  // at its end (PgDn there moved nothing, and the footer named it all the same).
  if (context === 'end' || context === 'help') {
    const bottom = s.resultsScroll >= f.results.max;
    if (bottom) hidden.add('resultsDown');
    if (bottom && s.resultsScroll > 0) hidden.delete('resultsUp');
  }
  // One shell here: there is nothing to switch to, so the key is not offered.
  if ((f.lab?.shells.length ?? 0) < 2 || f.lab?.busy) for (const c of EDITION_COMMANDS) hidden.add(c);
  const step = f.lab?.steps[s.stepIndex];
  // A step not run here has nothing to run again or skip: Enter moves on.
  if (step?.status === 'notRun') for (const c of ['rerun', 'skip'] as const) hidden.add(c);
  // Keys that would only say there is nothing to do are not offered: o before there is output (a
  // running step's is on its way), h on a step without a hint, s on a step that passed or was read (the help, ?,
  // still lists them all).
  if (context === 'lab') {
    if (!f.lab?.hasOutput && !f.lab?.busy) hidden.add('output');
    if (!step?.hints) hidden.add('hint');
    if (step?.status === 'passed' || step?.status === 'read') hidden.add('skip');
  }
  // A command that cannot run yet (a value it uses was never captured) is not offered to run.
  if (f.lab?.preview && !f.lab.preview.ok) hidden.add('rerun');
  const last = !!f.lab && s.stepIndex >= f.lab.steps.length - 1;
  const toRun = !f.lab?.readOnly && (!step || step.status === 'pending' || step.status === 'redo');
  const phase = toRun ? 'toRun' : last ? 'last' : 'ran';
  if (phase === 'toRun' && f.lab?.preview && !f.lab.preview.ok) hidden.add('run');
  return (CONTEXTS[context] as readonly Command[])
    .filter((c) => !hidden.has(c))
    .map((command) => {
      const words = FOOTER_WORDS[command];
      // A step to read runs nothing: Enter marks it read, and the footer says so, not "run".
      const word =
        command === 'run' && phase === 'toRun' && step?.reads
          ? 'ui.footer.markRead'
          : (words?.[phase] ?? words?.ran ?? `ui.footer.${command}`);
      return {
        command,
        word:
          context === 'leaving' ||
          (context === 'end' && command !== 'shell') ||
          context === 'viewer' ||
          (context === 'help' && (command === 'resultsDown' || command === 'resultsUp'))
            ? `ui.footer.${context}.${command}`
            : word,
      };
    });
}
