import type { Translate } from '../../i18n/translate.js';
import { footerLines } from '../render/footer.js';
import { bannerRows as bannerRowsOf, readOnlyBannerText } from '../render/read-only-banner.js';
import { commandBoxRows, stepParts, type StepParts } from '../render/step-parts.js';
import { wrapLine } from '../render/wrap.js';
import type { TuiView } from './driver.js';

/** Below this size a lab cannot show a step's command and verdicts: a notice says so instead of a broken layout. */
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 16;

/** Prose is easier to read in lines of at most this many columns, however wide the terminal. */
export const MAX_PANE_WIDTH = 100;
/** From this width the step list sits beside the step instead of above it. */
export const WIDE_COLUMNS = 110;

export interface Layout {
  tooSmall: boolean;
  /**
   * The lines left for the body: everything else on the screen (header, banner, notice, footer) is
   * counted as it will wrap, so the parts of a step keep fixed places and the footer is never pushed off.
   */
  bodyRows: number;
}

/** The row budget of a terminal screen of this size showing `view`. */
export function layoutOf(view: TuiView, size: { columns: number; rows: number }, t: Translate): Layout {
  const { columns, rows } = size;
  const rowsOf = (line: string, indent = 0) => (line ? wrapLine(line, Math.max(10, columns - indent)).length : 0);
  const notice = view.controller.notice;
  const noticeRows = notice ? notice.lines.reduce((n, m) => n + rowsOf(t(m.key, m.params), 2), 0) : 0;
  // Counted as it wraps: in French at 60 columns the banner takes three rows, not the two once assumed.
  const banner = view.lab?.opened.mode.kind === 'read' ? readOnlyBannerText(view.lab.opened, view.readOnly, t) : undefined;
  const bannerRows = bannerRowsOf(banner, size);
  const sharingRows = view.sharing ? 1 : 0;
  const bodyRows = Math.max(
    6,
    rows - 1 - 1 - sharingRows - footerLines(view.footer, t, Math.max(10, columns)).length - noticeRows - bannerRows,
  );
  return { tooSmall: columns < MIN_COLUMNS || rows < MIN_ROWS, bodyRows };
}

/** The fewest rows of a step pane that hold its title, a line of explanation, of command and of results, each with a marker. */
export const MIN_PANE_ROWS = 7;

/** Where the lab screen puts the step list and the step, for a body of this size. */
export interface LabLayout {
  /** The step list sits beside the step (wide terminals) or above it. */
  wide: boolean;
  listWidth?: number;
  /** Lines of the step list when it sits above the step (its window, markers included). */
  listRows: number;
  /** A blank line between the list above and the step. */
  listGap: number;
  paneWidth: number;
  paneRows: number;
}

export function labLayout(size: { columns: number; rows: number }, bodyRows: number, stepCount: number): LabLayout {
  const { columns, rows } = size;
  const wide = columns >= WIDE_COLUMNS;
  const listWidth = wide ? Math.min(48, Math.floor(columns * 0.34)) : undefined;
  const paneWidth = Math.min(columns - (listWidth ? listWidth + 2 : 0), MAX_PANE_WIDTH);
  if (wide) return { wide, ...(listWidth ? { listWidth } : {}), listRows: 0, listGap: 0, paneWidth, paneRows: bodyRows };
  // A short terminal gives the step list fewer lines: the step's explanation and results need them more.
  // Where even that leaves the step too few rows (a notice of several lines at 50×16), the list gives
  // way: the step's title still says which of how many it is.
  const listMax = rows >= 40 ? 10 : rows >= 30 ? 7 : rows >= 24 ? 5 : 3;
  let listRows = Math.min(stepCount, listMax, Math.max(0, bodyRows - 1 - MIN_PANE_ROWS));
  if (listRows < Math.min(3, stepCount)) listRows = 0;
  const listGap = listRows ? 1 : 0;
  return { wide, listRows, listGap, paneWidth, paneRows: Math.max(1, bodyRows - listRows - listGap) };
}

/** One region of the step screen: the rows it takes, and the lines of it a page shows (the rest of its rows is a marker). */
export interface Region {
  rows: number;
  /** Lines of content shown at once: `rows`, or `rows - 1` when a marker line says what is hidden. */
  page: number;
  /** Not all of it fits: it scrolls, and its marker line says what is above or below. */
  scrolls: boolean;
}

export interface StepBudget {
  /** The title row: step number, title, status. */
  title: number;
  /** Blank lines before the command and before the results, when there is room for them. */
  gap: number;
  /** The blank line before the results: none while they take no rows (an idle step). */
  resultsGap: number;
  prose: Region;
  command: Region;
  /** The results scroll by their own rule (ResultsView): their rows are fixed here. */
  results: { rows: number };
}

export interface StepContentSize {
  /** Rows the step pane has. */
  rows: number;
  /** Lines of the command box (its label and the command as it will run, wrapped). */
  commandLines: number;
  /** Lines of the explanation (wrapped). */
  proseLines: number;
  /** Rows the results would like: from what the step declares (its checks), never from what it printed. */
  wantResults: number;
  /**
   * The step has run: its verdicts are what the learner reads now, so the command (already read
   * whole) keeps at most a third of the pane and scrolls (m) beyond that.
   */
  ran?: boolean;
  /**
   * The step has not run and its results area has nothing to show yet (no output, verdict, note or
   * hint): the explanation takes the rows the command does not use, instead of blank rows kept for
   * results to come. Running the step gives the results their rows.
   */
  idle?: boolean;
}

/** The fewest rows of a region that scrolls: one line and its marker. */
const MIN_SCROLLED = 2;

const region = (lines: number, rows: number): Region => {
  if (lines <= rows) return { rows: lines, page: lines, scrolls: false };
  const r = Math.max(MIN_SCROLLED, rows);
  return { rows: r, page: r - 1, scrolls: true };
};

/**
 * One rule for the step screen, whatever its size: the title takes a row; the results keep at least
 * a line and their marker, the explanation too; the command takes all it needs of what is left (the
 * learner must read all of it before Enter runs it) — once the step has run, at most a third, the
 * verdicts coming first — and when that is not enough it scrolls with a marker; the blank lines go first when room is short; what remains is shared between the
 * explanation and the results, the results getting what the step's checks ask for. The regions add
 * up to the pane's rows, so nothing is pushed off the bottom unseen.
 */
export function stepBudget(size: StepContentSize): StepBudget {
  const title = 1;
  const proseMin = Math.min(size.proseLines, MIN_SCROLLED);
  const resultsMin = size.idle ? 0 : MIN_SCROLLED;
  const room = Math.max(0, size.rows - title);
  const cap = size.ran ? Math.max(MIN_SCROLLED + 1, Math.floor(room / 3)) : room;
  const commandRoom = Math.max(MIN_SCROLLED, Math.min(cap, room - proseMin - resultsMin));
  const command = region(size.commandLines, commandRoom);
  // Blank lines only where the parts keep more than their minimum: a small screen spends its rows on text.
  const spare = room - command.rows - proseMin - resultsMin;
  const gap = spare >= 8 ? 1 : 0;
  const resultsGap = size.idle ? 0 : gap;
  const free = Math.max(resultsMin + proseMin, room - command.rows - gap - resultsGap);
  // The results never take more than half of what is shared while the explanation has more to show.
  const wantResults = size.idle ? 0 : Math.max(resultsMin, Math.min(size.wantResults, Math.max(3, Math.floor(free / 2)), free - proseMin));
  const prose = region(size.proseLines, Math.max(proseMin, free - wantResults));
  const results = free - prose.rows;
  return { title, gap, resultsGap, prose, command, results: { rows: results } };
}

/** The lab screen as the controller lays it out: where the list and the step go, the step's parts and their rows. */
export interface StepScreen {
  lab: LabLayout;
  parts: StepParts;
  budget: StepBudget;
  /** The command box's first line shown (its scroll, within what it can scroll). */
  commandTop: number;
}

/** The selected step's screen for this view at this size, or undefined when no step is on screen. */
export function stepScreenOf(
  view: TuiView,
  size: { columns: number; rows: number },
  bodyRows: number,
  t: Translate,
  color: boolean,
): StepScreen | undefined {
  const lab = view.lab;
  if (!lab?.session || !lab.state || !lab.stepId) return undefined;
  const cs = view.controller;
  const steps = lab.session.steps();
  const step = lab.state.steps[lab.stepId];
  const lay = labLayout(size, bodyRows, steps.length);
  const parts = stepParts({
    session: lab.session,
    state: lab.state,
    stepId: lab.stepId,
    text: lab.text,
    readOnly: lab.opened.mode.kind === 'read',
    preview: lab.preview,
    index: cs.stepIndex + 1,
    hintsShown: cs.hintsShown,
    width: lay.paneWidth,
    color,
    t,
  });
  const { edition } = lab.session;
  const own = lab.session.step(lab.stepId);
  // A step with nothing to run has no verdicts or output, before it is marked read or after: its results
  // area would only ever be blank rows, taken from the explanation.
  const reading = !edition.command(own);
  const budget = stepBudget({
    rows: lay.paneRows,
    commandLines: commandBoxRows(parts.block),
    proseLines: parts.prose.length,
    wantResults: parts.wantResults,
    ran: !reading && ['passed', 'failed'].includes(step?.status ?? ''),
    // What the results area would show before the step runs (StepPane): notes, hints, the docs' output
    // in read-only mode or for a step not run here.
    idle:
      (reading ? edition.examples(own).length === 0 : step?.status === 'pending' && lab.opened.mode.kind !== 'read') &&
      cs.hintsShown === 0 &&
      !!step?.notes.every((n) => n.key === 'session.readingStep'),
  });
  const commandMax = Math.max(0, commandBoxRows(parts.block) - budget.command.page);
  return { lab: lay, parts, budget, commandTop: Math.min(cs.commandScroll, commandMax) };
}
