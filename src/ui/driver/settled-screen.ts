import type { Translate } from '../../i18n/translate.js';
import type { Facts } from '../controller.js';
import { commandBoxRows } from '../render/step-parts.js';
import { layoutOf, stepScreenOf, type Layout, type StepScreen } from './layout.js';
import type { TuiView } from './driver.js';

type Footer = TuiView['footer'];

/** How far the explanation and the command box scroll on a step screen, as the controller's facts say it. */
export type Regions = Pick<Facts, 'prose' | 'command'>;

export interface SettledScreen extends Layout {
  footer: Footer;
  stepScreen?: StepScreen;
}

/** The scroll of the explanation and of the command box on this step screen (what ProseView and CommandView show). */
export function regionsOf(screen: StepScreen): Regions {
  const { prose, command } = screen.budget;
  const proseLines = screen.parts.prose.length;
  return {
    prose: { max: prose.scrolls ? Math.max(0, proseLines - Math.max(1, prose.page)) : 0, page: Math.max(1, prose.page) },
    command: { max: Math.max(0, commandBoxRows(screen.parts.block) - command.page), page: Math.max(1, command.page) },
  };
}

const sameFooter = (a: Footer, b: Footer) =>
  a.length === b.length && a.every((x, i) => x.command === b[i]!.command && x.word === b[i]!.word);

/**
 * The screen laid out once the footer and the step's regions agree. The footer names a region's
 * scroll key only while that region hides something, and the footer's rows come out of the body: a
 * footer worked out from measures of an earlier frame (or of none, the first frame of a step) gives
 * the command box rows it will not keep. So the layout is repeated with the footer its own regions
 * ask for until nothing changes, and the first frame of a step is already the one that stays: the
 * learner never has a command on screen for a few milliseconds that the next frame hides.
 *
 * It ends: a footer with more keys takes as many rows or more, so it leaves the regions as much to
 * scroll or more, and a key added is never taken away again (and the other way round); three rounds
 * cover the two regions. Were it ever not settled, the footer with the most keys is kept (it hides
 * nothing a key does not reach).
 */
export function settledScreen(
  view: TuiView,
  size: { columns: number; rows: number },
  t: Translate,
  color: boolean,
  footerWith: (regions: Regions) => Footer,
): SettledScreen {
  let footer = view.footer;
  let widest: SettledScreen | undefined;
  for (let round = 0; round < 4; round++) {
    const laid = { ...view, footer };
    const layout = layoutOf(laid, size, t);
    const stepScreen = view.context === 'lab' && !layout.tooSmall ? stepScreenOf(laid, size, layout.bodyRows, t, color) : undefined;
    const settled: SettledScreen = { ...layout, footer, ...(stepScreen ? { stepScreen } : {}) };
    if (!stepScreen) return settled;
    if (!widest || footer.length > widest.footer.length) widest = settled;
    const next = footerWith(regionsOf(stepScreen));
    if (sameFooter(next, footer)) return settled;
    footer = next;
  }
  return widest!;
}
