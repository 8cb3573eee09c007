import type { View } from './view.js';
import type { Words } from './words.js';

/**
 * The dashboard's view as files: CSV (one row per learner and step, for a spreadsheet), JSON (the
 * view itself) and Markdown (what the page shows, as text). The dashboard's export links and
 * `class merge` both use these, so a file says what the page said. Learners' text is data in each:
 * quoted for CSV (and never read as a formula), escaped for Markdown (never read as HTML).
 */

export type ExportFormat = 'csv' | 'json' | 'md';

export function exportView(view: View, format: ExportFormat, words: Words): string {
  if (format === 'csv') return toCsv(view);
  if (format === 'json') return `${JSON.stringify(view, null, 2)}\n`;
  return toMarkdown(view, words);
}

export function formatOfFile(file: string): ExportFormat | 'html' | undefined {
  const m = /\.(csv|json|md|html?)$/i.exec(file);
  if (!m) return undefined;
  const ext = m[1]!.toLowerCase();
  return ext === 'htm' || ext === 'html' ? 'html' : (ext as ExportFormat);
}

const CSV_COLUMNS = [
  'learner',
  'name',
  'lab',
  'edition',
  'lang',
  'state',
  'step',
  'step_title',
  'status',
  'tries',
  'failing_checks',
  'stuck',
];

export function toCsv(view: View): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of view.sections) {
    for (const row of s.rows) {
      row.cells.forEach((cell, i) => {
        const failing = cell.failed.map((f) => `${f.id}: ${f.reason}`).join('; ');
        const stuck = row.stuck && row.stuck.step === cell.step ? row.stuck.why : '';
        lines.push(
          [
            row.learner,
            row.name,
            s.lab,
            s.edition,
            row.lang,
            row.state,
            cell.step,
            s.steps[i]?.title ?? '',
            cell.status,
            cell.tries,
            failing,
            stuck,
          ]
            .map(csvCell)
            .join(','),
        );
      });
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 quoting, and a leading ' before what a spreadsheet would run as a formula (= + - @). */
export function csvCell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Text that reads the same in any Markdown renderer: no markup, no HTML, no table break. */
export function mdText(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!~])/g, '\\$1');
}

const SYMBOL: Record<string, string> = {
  passed: '✔',
  read: '📖',
  failed: '✘',
  notJudged: '?',
  running: '▶',
  pending: '·',
  skipped: '↷',
  notRun: '⊘',
};

export function statusText(status: string, w: Words): string {
  return `${SYMBOL[status] ?? ''} ${w(`class.dash.status.${status}`)}`.trim();
}

export function stuckText(s: View['stuck'][number], w: Words): string {
  return s.why === 'again'
    ? w('class.dash.stuck.again', { name: s.name, check: s.check ?? '', count: s.times ?? 0, step: s.stepTitle, lab: s.labTitle })
    : w('class.dash.stuck.long', { name: s.name, step: s.stepTitle, lab: s.labTitle, duration: s.forMs });
}

export function toMarkdown(view: View, w: Words): string {
  const out: string[] = [`# ${mdText(view.className)}`, ''];
  out.push(
    `${view.live ? w('class.dash.live') : w('class.dash.merged', { count: view.files })} · ${w('class.dash.learners', { count: view.learners })}`,
    '',
  );
  out.push(`## ${w('class.dash.stuck.title')}`, '');
  if (!view.stuck.length) out.push(w('class.dash.stuck.none'));
  for (const s of view.stuck) out.push(`- ${mdText(stuckText(s, w))}`);
  out.push('', `## ${w('class.dash.failing.title')}`, '');
  if (!view.failing.length) out.push(w('class.dash.failing.none'));
  for (const f of view.failing) {
    const where = [f.labTitle, f.stepTitle, f.check ?? w('class.dash.status.notRun')].map(mdText).join(' › ');
    out.push(`- **${w('class.dash.count', { count: f.count })}** — ${where}`);
    for (const r of f.reasons) out.push(`  - ${mdText(r.text)} (${r.count})`);
    out.push(`  - ${w('class.dash.who', { names: f.learners.map(mdText).join(w('class.dash.nameSep')) })}`);
  }
  out.push('', `## ${w('class.dash.ready.title')}`, '');
  const r = view.readiness;
  out.push(
    r.reported ? w('class.dash.ready.summary', { ready: r.ready, reported: r.reported, count: r.learners }) : w('class.dash.ready.none'),
  );
  for (const m of r.missing) {
    out.push(
      `- **${w('class.dash.count', { count: m.count })}**${w('class.dash.colon')}${mdText(m.label)}${m.fix ? ` — ${w('class.dash.ready.fix', { fix: mdText(m.fix) })}` : ''}`,
    );
    out.push(`  - ${w('class.dash.who', { names: m.learners.map(mdText).join(w('class.dash.nameSep')) })}`);
  }
  out.push('', `## ${w('class.dash.progress.title')}`, '');
  if (!view.sections.length) out.push(w('class.dash.progress.none'));
  for (const s of view.sections) {
    out.push(`### ${mdText(s.title)} (${mdText(s.edition)})`, '');
    out.push(`| ${[w('class.dash.col.learner'), w('class.dash.filter.lang'), ...s.steps.map((x) => mdText(x.title))].join(' | ')} |`);
    out.push(`|${' --- |'.repeat(s.steps.length + 2)}`);
    for (const row of s.rows)
      out.push(`| ${[mdText(row.name), mdText(row.lang), ...row.cells.map((c) => statusText(c.status, w))].join(' | ')} |`);
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
