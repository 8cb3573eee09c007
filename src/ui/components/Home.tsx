import { keepsAnything } from '../../session/still-there.js';
import { stillThereWords } from '../driver/notices.js';
import { Box, Text } from 'ink';
import type { PreflightReport } from '../../host/preflight.js';
import { languageName } from '../languages.js';
import { shellName } from '../editions.js';
import { readinessOf } from '../readiness.js';
import type { HomeSuggestion } from '../home-suggestion.js';
import { fallbackLang, reportKey, type LabEntry } from '../labs.js';
import { paint, useLook } from '../theme.js';
import { sliceColumns } from '../render/columns.js';
import { progressWords } from '../render/lab-progress.js';
import { windowOf } from '../render/window.js';
import { displayWidth, wrapLine } from '../render/wrap.js';

interface HomeProps {
  entries: readonly LabEntry[];
  reports: ReadonlyMap<string, PreflightReport>;
  selected: number;
  /** The lab being opened (its preflight may still be running). */
  opening?: string | undefined;
  labsDir: string;
  /** No container engine answers: the labs that run here anyway (see home-suggestion.ts). */
  suggestion?: HomeSuggestion | undefined;
  /** Rows the home screen has (driver/layout.ts): the selected lab's summary gets what the list leaves. */
  height?: number | undefined;
  /** Read-only: every lab opens to be read, whatever this machine has. */
  readOnly?: boolean;
}

/** The labs, each with its readiness on this machine and the learner's progress. */
export function Home({ entries, reports, selected, opening, labsDir, suggestion, height, readOnly }: HomeProps) {
  const look = useLook();
  const { t } = look;
  if (!entries.length) return <Text color={paint(look, 'warn')}>{t('error.noLabs', { dir: labsDir })}</Text>;
  const current = entries[selected];
  const currentReport = current && !readOnly ? reports.get(reportKey(current)) : undefined;
  const suggested = suggestion?.ready.map((i) => entries[i]?.text?.title ?? entries[i]?.id ?? '?') ?? [];
  const problems = currentReport?.items.filter((i) => !i.ok) ?? [];
  // Wrapped here, not by ink: ink's wrap starts a continued line with the space it broke at.
  const wrap = (text: string, indent = 0) => wrapLine(text, Math.max(10, look.columns - indent)).join('\n');
  // Lists are joined the reader's way: "sh, PowerShell", "sh、PowerShell".
  const list = (items: readonly string[]) => items.join(t('list.separator'));
  const noticeText = suggestion
    ? suggested.length
      ? t('ui.home.noEngine', { labs: list(suggested.map((title) => t('ui.home.labQuoted', { title }))), count: suggested.length })
      : t('ui.home.noEngineNothing')
    : undefined;
  const stillRunning =
    current?.progress && keepsAnything(current.progress.keeps)
      ? t('ui.home.stillRunning', { what: list(stillThereWords(current.progress.keeps).map((m) => t(m.key, m.params))) })
      : undefined;
  const shells =
    current?.shells && current.shells.length > 1 && current.edition
      ? t('ui.home.shells', { shells: list(current.shells.map(shellName)), shell: shellName(current.edition.shell) })
      : undefined;
  const problemTexts = problems.map((p) => ({
    id: p.id,
    text: p.detail
      ? t('fmt.labelled', { label: t(p.label.key, p.label.params), text: t(p.detail.key, p.detail.params) })
      : t(p.label.key, p.label.params),
    fix: p.fix ? t('ui.preflight.fix', { fix: p.fix }) : undefined,
  }));
  // The summary gets the rows the list and the other details (what is still running, the shells, what
  // is missing) leave; cut short, its last line ends with "…" so a learner sees there is more.
  // With no row left for it, the summary would vanish unmarked: the shells line (the e key says it
  // again in the lab) gives up its second row first, cut with "…" too.
  const rowsOf = (text: string | undefined, indent = 0) => (text ? wrap(text, indent).split('\n').length : 0);
  const summary = current?.text?.summary ? wrap(current.text.summary).split('\n') : [];
  const shellLines = shells ? wrap(shells).split('\n') : [];
  const detailRows =
    rowsOf(stillRunning) + rowsOf(current?.problem) + problemTexts.reduce((n, p) => n + rowsOf(p.text, 2) + rowsOf(p.fix, 2), 0);
  // More labs than rows (a workshop's own folder at 60×20): a window around the selected lab, a line
  // at either end saying how many more there are. The list leaves a row for the summary and the details.
  const headRows = 1 + rowsOf(noticeText) + 1;
  const listRoom = height === undefined ? Number.POSITIVE_INFINITY : Math.max(6, height - headRows - 1 - detailRows - 2);
  const window = windowOf(entries.length, selected, listRoom, 2);
  const shown = { start: window.start, count: window.room };
  const listRows = 2 * shown.count + (shown.start > 0 ? 1 : 0) + (shown.start + shown.count < entries.length ? 1 : 0);
  if (height !== undefined && summary.length) {
    const used = headRows + listRows + 1 + shellLines.length + detailRows;
    let free = height - used;
    if (free < 1 && shellLines.length > 1) {
      const give = Math.min(shellLines.length - 1, 1 - free);
      free += give;
      shellLines.length -= give;
      shellLines[shellLines.length - 1] = ellipsized(shellLines.at(-1)!, look.columns);
    }
    const room = Math.max(0, free);
    if (summary.length > room) {
      summary.length = room;
      if (room) summary[room - 1] = ellipsized(summary[room - 1]!, look.columns);
    }
  }
  return (
    <Box flexDirection="column" flexShrink={1}>
      <Box flexShrink={0} marginBottom={1} flexDirection="column">
        <Text dimColor>{t('ui.home.language', { language: languageName(look.locale) })}</Text>
        {noticeText && <Text color={paint(look, 'warn')}>{wrap(noticeText)}</Text>}
      </Box>
      {shown.start > 0 && <Text dimColor>{`  ↑ ${t('ui.home.moreLabs', { count: shown.start })}`}</Text>}
      {entries.slice(shown.start, shown.start + shown.count).map((e, k) => {
        const i = shown.start + k;
        const isSelected = i === selected;
        const marker = e.text && e.lab ? fallbackLang(e.text, undefined, look.locale, e.lab.lang) : undefined;
        const r = readinessOf(e, reports.get(reportKey(e)), opening === e.file, t, readOnly);
        const [tone, readiness] = [r.tone, r.mark ? `${r.mark} ${r.text}` : r.text];
        return (
          <Box key={e.file} flexDirection="column" flexShrink={0}>
            <Text bold={isSelected} inverse={isSelected && look.color} wrap="truncate-end">
              {isSelected ? '› ' : '  '}
              {e.text?.title ?? e.id}
              {marker ? <Text dimColor>{` [${marker}]`}</Text> : null}
            </Text>
            <Text wrap="truncate-end">
              {'    '}
              {/* What an earlier run keeps running is the row's first news: a row cut at the pane's edge still says it. */}
              {e.progress && keepsAnything(e.progress.keeps) ? (
                <>
                  <Text dimColor>{`${progressWords(e.progress, t)} · `}</Text>
                  <Text color={tone ? paint(look, tone) : undefined}>{readiness}</Text>
                </>
              ) : (
                <>
                  <Text color={tone ? paint(look, tone) : undefined}>{readiness}</Text>
                  {e.progress ? <Text dimColor>{` · ${progressWords(e.progress, t)}`}</Text> : null}
                </>
              )}
            </Text>
          </Box>
        );
      })}
      {shown.start + shown.count < entries.length && (
        <Text dimColor>{`  ↓ ${t('ui.home.moreLabs', { count: entries.length - shown.start - shown.count })}`}</Text>
      )}
      {current && (
        <Box flexDirection="column" marginTop={1} flexShrink={1}>
          {summary.length > 0 && <Text>{summary.join('\n')}</Text>}
          {/* What the paused run keeps, by name, wrapped: the row above may be cut on a narrow terminal. */}
          {stillRunning && <Text color={paint(look, 'warn')}>{wrap(stillRunning)}</Text>}
          {shellLines.length > 0 && <Text dimColor>{shellLines.join('\n')}</Text>}
          {current.problem && <Text color={paint(look, 'bad')}>{wrap(current.problem)}</Text>}
          {problemTexts.map((p) => (
            <Box key={p.id}>
              <Box width={2} flexShrink={0}>
                <Text color={paint(look, 'bad')}>✘</Text>
              </Box>
              <Box flexDirection="column">
                <Text color={paint(look, 'bad')}>{wrap(p.text, 2)}</Text>
                {p.fix && <Text>{wrap(p.fix, 2)}</Text>}
              </Box>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}

/** A line ending in "…" within `columns`: the text goes on, and the screen has no room for the rest. */
function ellipsized(line: string, columns: number): string {
  const room = Math.max(1, columns - 1);
  return `${displayWidth(line) <= room ? line : sliceColumns(line, 0, room).trimEnd()}…`;
}
