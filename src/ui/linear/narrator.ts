import { createTranslator, type Translate } from '../../i18n/translate.js';
import type { StepStatus } from '../../session/state.js';
import type { TuiView } from '../driver/driver.js';
import { editionLabel } from '../editions.js';
import { reportKey } from '../labs.js';
import { readOnlyBannerText } from '../render/read-only-banner.js';
import {
  sayCommandAgain,
  sayEnd,
  sayFinished,
  sayHint,
  sayHome,
  sayIntro,
  sayLabSelected,
  sayLeaving,
  sayOpened,
  sayQuestion,
  sayReadOnly,
  sayResume,
  sayRunning,
  sayStep,
  sayViewer,
  SCROLLING,
  type Lines,
} from './say.js';

/** What is said as progress: at its start and its end, and no question follows it. */
const PROGRESS = new Set(['opening', 'checking', 'busy']);

/**
 * The screen-reader view's memory: given each view the driver publishes, what is new to say. Nothing
 * said is said again unless it changed (a step selected again, a command that now differs, the
 * language switched): the text grows at the end and is never redrawn, so a screen reader reads each
 * thing once, in order. Progress is said when it starts and when it ends, never in between.
 */
export class Narrator {
  private t: Translate = createTranslator('en');
  private locale = '';
  private introSaid = false;
  /** What was said last, per subject: a subject is said again only when its key changes. */
  private said = new Map<string, string>();
  private statuses = new Map<string, StepStatus>();
  private lastQuestion = '';
  /** The step and command the learner last heard: Enter may run only that (TuiActions.showed). */
  heard: { stepId?: string | undefined; code?: string | undefined } = {};

  /** The lines this view adds to what was already said. */
  next(view: TuiView): Lines {
    const lines: Lines = [];
    if (view.locale !== this.locale) {
      // Another language: every screen is said again in it.
      this.locale = view.locale;
      this.t = createTranslator(view.locale);
      this.said.clear();
      this.lastQuestion = '';
    }
    const t = this.t;
    if (!this.introSaid) {
      this.introSaid = true;
      lines.push(...sayIntro(t));
    }
    if (view.result) return lines;
    const cs = view.controller;
    // Progress (opening, running, pausing) is said without asking again; a screen's content is followed by its question.
    let content = false;
    const sayOnce = (subject: string, key: string, say: () => Lines) => {
      if (this.said.get(subject) === key) return;
      this.said.set(subject, key);
      const said = say();
      lines.push(...said);
      if (said.length && !PROGRESS.has(subject)) content = true;
    };
    // Notices first: they report what the last key did ("progress resumed", "nothing to remove").
    if (cs.notice) sayOnce('notice', JSON.stringify(cs.notice), () => cs.notice!.lines.map((m) => t(m.key, m.params)));
    else this.said.delete('notice');

    const lab = view.lab;
    const context = view.context;
    if (context === 'home') {
      this.said.delete('lab');
      this.said.delete('step');
      this.said.delete('end');
      this.said.delete('leaving');
      // Said once, before the list: in read-only mode nothing runs, in the banner's words.
      sayOnce('readOnly', 'home', () => sayReadOnly(readOnlyBannerText(undefined, view.readOnly, t)));
      sayOnce('home', 'home', () => sayHome(view.entries, t));
      const entry = view.entries[cs.labIndex];
      const report = entry ? view.reports.get(reportKey(entry)) : undefined;
      sayOnce('labSelected', `${cs.labIndex}:${report ? 'known' : ''}`, () =>
        sayLabSelected(view.entries, cs.labIndex, report, t, view.readOnly),
      );
      if (cs.opening !== undefined)
        sayOnce('opening', `${cs.opening}`, () => [t('sr.opening', { title: view.entries[cs.opening!]?.text?.title ?? '' })]);
    } else {
      this.said.delete('home');
      this.said.delete('labSelected');
    }
    if (cs.opening === undefined) this.said.delete('opening');

    if (lab && context !== 'home') {
      sayOnce('lab', `${lab.file}:${lab.opened.edition.name}`, () =>
        sayOpened(
          lab.text,
          editionLabel(lab.opened.edition),
          lab.opened.edition.steps.filter((s) => !s.cleanup).length,
          t,
          readOnlyBannerText(lab.opened, view.readOnly, t),
        ),
      );
      if (lab.resume && !lab.session) sayOnce('resume', lab.file, () => sayResume(lab.resume!, t, this.locale));
    }
    if (cs.resume?.checking) sayOnce('checking', 'yes', () => [t('ui.resume.checking')]);
    else if (cs.resume?.removing) sayOnce('checking', 'removing', () => [t('ui.resume.removing')]);
    else this.said.delete('checking');
    // Pausing is said only while a step runs (it is stopped first): otherwise there is nothing to wait
    // for, and "stopping the running step" would name a step that is not there. After a removal,
    // "Removed: …" said it all.
    if (cs.leaving?.stage === 'pausing' && this.said.get('busy') !== 'removing' && lab?.session?.busy)
      sayOnce('busy', 'pausing', () => [t('ui.leave.pausing')]);
    else if (cs.leaving?.stage === 'removing') sayOnce('busy', 'removing', () => [t('ui.leave.removing')]);
    else this.said.delete('busy');

    const session = lab?.session;
    const state = lab?.state;
    if (lab && session && state) {
      // Steps that started or ended since the last view: said in the order the session ran them.
      for (const s of [...session.steps(), ...session.edition.steps.filter((x) => x.cleanup)]) {
        const status = state.steps[s.id]?.status;
        if (!status) continue;
        const before = this.statuses.get(s.id);
        this.statuses.set(s.id, status);
        if (before === undefined || before === status) continue;
        // A step with nothing to run (a reading step, a command that cannot be written) starts and ends
        // at once: only its end is said, never "Running…".
        if (status === 'running') {
          if (state.steps[s.id]?.command) lines.push(...sayRunning(session, s.id, t));
        } else if (status !== 'pending' && status !== 'notRun') {
          lines.push(...sayFinished(session, state, lab.text, s.id, t));
          content = true;
        }
      }
      const readOnly = lab.opened.mode.kind === 'read';
      const stepId = lab.stepId;
      if (stepId && (context === 'lab' || context === 'busy') && !cs.ended) {
        const input = { session, state, text: lab.text, stepId, preview: lab.preview, readOnly, t };
        const fresh = this.said.get('step') !== stepId;
        sayOnce('step', stepId, () => sayStep(input));
        const code = lab.preview?.ok ? lab.preview.code : undefined;
        // The command changed since it was said (a value captured again): say it again before Enter can run it.
        if (!fresh && this.heard.stepId === stepId && this.heard.code !== code && state.steps[stepId]?.status !== 'running')
          lines.push(...sayCommandAgain(input));
        this.heard = { stepId, code };
        if (cs.hintsShown) sayOnce('hint', `${stepId}:${cs.hintsShown}`, () => sayHint(session, lab.text, stepId, cs.hintsShown, t));
      }
      if (context === 'viewer' && stepId) sayOnce('viewer', stepId, () => sayViewer(state, stepId, t));
      else this.said.delete('viewer');
      if (context === 'end' && lab.plan)
        sayOnce('end', lab.file, () => sayEnd(session, state, lab.text, lab.plan!, lab.next, t, lab.opened.mode.kind === 'read'));
      if (context === 'lab') this.said.delete('end');
    } else {
      this.statuses.clear();
      this.heard = {};
    }
    if (context === 'leaving' && lab?.plan) sayOnce('leaving', cs.leaving?.then ?? '', () => sayLeaving(lab.plan!, cs.leaving, t));
    else if (context !== 'busy') this.said.delete('leaving');

    // The question closes what was said: asked again whenever something was said or the answers changed.
    // Nothing is asked while a step runs: its end is said, then the question. Scrolling means nothing
    // here (everything is written out), so its keys are not offered.
    const running = !!state && Object.values(state.steps).some((st) => st.status === 'running');
    const answers = lab?.session?.busy || running ? [] : view.footer.filter((f) => !SCROLLING.has(f.command));
    const question = sayQuestion(answers, t, this.locale, context).join('\n');
    if (question && (content || question !== this.lastQuestion)) lines.push(question);
    if (question) this.lastQuestion = question;
    return lines;
  }
}
