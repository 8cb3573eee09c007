import type { Translate } from '../../i18n/translate.js';
import { footerText } from '../render/footer.js';
import { wrapLine } from '../render/wrap.js';
import type { TuiView } from './driver.js';

/** Below this size a lab cannot show a step's command and verdicts: a notice says so instead of a broken layout. */
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 16;

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
  const bannerRows = view.lab?.opened.mode.kind === 'read' ? (rows < 30 ? 2 : 4) : 0;
  const sharingRows = view.sharing ? 1 : 0;
  const bodyRows = Math.max(6, rows - 1 - 1 - sharingRows - rowsOf(footerText(view.footer, t)) - noticeRows - bannerRows);
  return { tooSmall: columns < MIN_COLUMNS || rows < MIN_ROWS, bodyRows };
}
