import { extname } from 'node:path';
import type { Report } from './build.js';
import { CHECK_GLYPH } from './verdicts.js';
import { removedMsg } from './removed.js';
import { checkCountsLine, stepCountsLine } from './counts.js';
import { createTranslator, renderDuration, type Translate } from '../i18n/translate.js';
import { printableDeep } from '../util/printable.js';

type ReportFormat = 'json' | 'junit' | 'markdown';

export function formatFromPath(path: string): ReportFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.json' ? 'json' : ext === '.xml' ? 'junit' : ext === '.md' || ext === '.markdown' ? 'markdown' : undefined;
}

/** Renders a report; words in the Markdown and JUnit forms are in the reader's language. */
export function renderReport(report: Report, format: ReportFormat, t: Translate = createTranslator(report.lang)): string {
  // Titles, verdicts, commands and output are read in a terminal too (cat, less): made visible first.
  const safe = printableDeep(report);
  if (format === 'json') return `${JSON.stringify(safe, null, 2)}\n`;
  if (format === 'junit') return junit(safe, t);
  return markdown(safe, t);
}

const xml = (s: string) =>
  s
    // Control characters are not allowed in XML 1.0, even escaped; command output can contain them.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/**
 * A step's notes its checks have not already said: a step that could not run gives each check the
 * reason ("not judged: cannot run yet: …") and keeps it as a note; the console says it once, and so do
 * the reports. The JSON report keeps both: it is data.
 */
function unsaid(s: Report['steps'][number]): string[] {
  return s.notes.filter((n) => !s.checks.some((c) => c.message.includes(n)));
}

function junit(r: Report, t: Translate): string {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const cases = r.steps.map((s) => {
    const name = `${s.id}: ${s.title}`;
    // Each step's status as every other surface says it ("read" has no JUnit element of its own), as
    // a testcase property (the form pytest's record_property writes, which CI servers read).
    const open = `    <testcase classname="${xml(`isolab.${r.lab}.${r.platform}.${r.shell}`)}" name="${xml(name)}" time="${secs(s.durationMs)}">\n      <properties><property name="status" value="${s.status}"/></properties>`;
    const out = s.checks
      .map(
        (c) =>
          `${({ passed: 'PASS', failed: 'FAIL', notJudged: 'NOT JUDGED' } as const)[c.status]} ${c.id}: ${c.message}${c.message !== c.detail ? ` (${c.detail})` : ''}`,
      )
      .concat(unsaid(s))
      .join('\n');
    let body = '';
    if (r.mode === 'read-only') body = `      <skipped message="${xml(t('report.readOnlyShort'))}"/>\n`;
    else if (s.status === 'failed') {
      const failed = s.checks.filter((c) => c.status === 'failed');
      const message = failed.map((c) => `${c.id}: ${c.message}`).join('; ') || s.notes.join('; ') || 'failed';
      body = `      <failure message="${xml(message)}">${xml(out)}</failure>\n`;
    } else if (s.status === 'notJudged') {
      // JUnit has no "not judged": <error> ("could not be tested"), so CI counts it against the run, unlike <skipped>.
      const why =
        s.checks
          .filter((c) => c.status === 'notJudged')
          .map((c) => `${c.id}: ${c.message}`)
          .join('; ') || s.notes.join('; ');
      body = `      <error type="notJudged" message="${xml(why)}">${xml(out)}</error>\n`;
    } else if (s.status === 'notRun') {
      // A step this machine cannot run makes the run exit 1: an <error> ("could not be tested"), never a pass.
      body = `      <error type="notRun" message="${xml(s.notes.join('; ') || t('status.notRun'))}"/>\n`;
    } else if (s.status === 'skipped' || s.status === 'pending')
      body = `      <skipped message="${xml(s.notes.join('; ') || t('status.pending'))}"/>\n`;
    const sysout = out ? `      <system-out>${xml((s.command ? `$ ${s.command}\n` : '') + out)}</system-out>\n` : '';
    return `${open}\n${body}${sysout}    </testcase>`;
  });
  // What the learner chose to keep, still running: one property each, for whoever reads the run later.
  const kept = [
    ...r.cleanup.kept.containers.map((name) => `      <property name="kept.container" value="${xml(name)}"/>\n`),
    ...r.cleanup.kept.processes.map((p) => `      <property name="kept.process" value="${xml(`${p.pid} ${p.comm}`)}"/>\n`),
  ].join('');
  const failures = r.steps.filter((s) => s.status === 'failed').length;
  const errors = r.mode === 'read-only' ? 0 : r.steps.filter((s) => s.status === 'notJudged' || s.status === 'notRun').length;
  const skipped = r.mode === 'read-only' ? r.steps.length : r.steps.filter((s) => s.status === 'skipped' || s.status === 'pending').length;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="isolab" tests="${r.steps.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(r.durationMs)}">
  <testsuite name="${xml(`${r.lab} (${r.platform}/${r.shell}, ${r.lang})`)}" tests="${r.steps.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(r.durationMs)}" timestamp="${xml(r.startedAt)}">
    <properties>
      <property name="mode" value="${r.mode}"/>
      <property name="runId" value="${xml(r.runId)}"/>
      <property name="result" value="${r.result}"/>
      <property name="exitCode" value="${r.exitCode}"/>
${r.interrupted ? '      <property name="interrupted" value="true"/>\n' : ''}${kept}    </properties>
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}

function markdown(r: Report, t: Translate): string {
  const icon = (s: string) =>
    ({ passed: '✅', read: '📖', failed: '❌', notJudged: '❔', skipped: '⏭️', pending: '⏸️', running: '⏳', notRun: '🚫' })[s] ?? '';
  const cell = (s: string) =>
    s
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/\r?\n|\r/g, ' ');
  const reading = r.mode === 'read-only';
  const lines = [
    `# ${r.title}`,
    '',
    r.mode === 'read-only' ? `> ${t('report.readOnly')}\n` : '',
    t('report.meta', { lab: `\`${r.lab}\``, platform: `${r.platform}/${r.shell}`, lang: r.lang, run: r.runId, date: r.startedAt }),
    '',
    `**${t('report.result', { result: t(`report.result.${r.result}`), code: r.exitCode })}**`,
    '',
    // Read-only: what was read, no time and no checks (nothing ran, nothing was judged).
    reading
      ? `**${t('count.steps.read', { count: r.read })}**`
      : `**${t('report.summary', { counts: stepCountsLine(t, r), duration: renderDuration(t, r.durationMs) })}** · ${t('report.checks', { counts: checkCountsLine(t, r.checks) })}${r.interrupted ? ` · ${t('report.interrupted')}` : ''}`,
    // The cleanup's checks apart: they prove the lab cleaned up, not what it teaches.
    ...(r.cleanupChecks.passed + r.cleanupChecks.failed + r.cleanupChecks.notJudged
      ? ['', t('report.cleanupChecks', { counts: checkCountsLine(t, r.cleanupChecks) })]
      : []),
    '',
    `| ${t('report.col.step')} | ${t('report.col.status')} | ${t('report.col.time')} | ${t('report.col.checks')} |`,
    '|---|---|---:|---|',
    ...r.steps.map(
      (s) =>
        // A step with no command here (reading) took no time to speak of: a dash, not "0 ms".
        `| ${cell(s.title)} | ${icon(s.status)} ${t(`status.${s.status}`)} | ${s.command && !reading ? renderDuration(t, s.durationMs) : '—'} | ${cell(
          s.checks
            .map((c) => `${CHECK_GLYPH[c.status]} ${c.message}`)
            .concat(unsaid(s))
            .join('<br>'),
        )} |`,
    ),
    '',
  ];
  if (r.recap) lines.push(`## ${t('report.recap')}`, '', r.recap, '');
  const fence = '```';
  const failed = r.steps.filter((s) => (s.status === 'failed' || s.status === 'notJudged') && (s.command || s.output?.length));
  if (failed.length) {
    lines.push(`## ${t('report.failedSteps')}`, '');
    for (const s of failed)
      lines.push(`### ${s.title}`, '', `${fence}text`, ...(s.command ? [`$ ${s.command}`] : []), ...(s.output ?? []), fence, '');
  }
  // Every other command this run ran, so a passing report shows what was done, not only that it passed;
  // read-only, the commands the learner would run, headed as never run.
  const ran = r.steps.filter((s) => s.command && !failed.includes(s));
  if (ran.length) {
    lines.push(`## ${t(reading ? 'report.commandsToRead' : 'report.commands')}`, '');
    for (const s of ran) lines.push(`### ${s.title}`, '', `${fence}text`, `$ ${s.command}`, fence, '');
  }
  if (r.cleanup.removed.length || r.cleanup.problems.length) {
    lines.push(
      `## ${t('report.cleanup')}`,
      '',
      ...r.cleanup.removed.map((x) => `- ${t('run.removed', { what: removedMsg(x) })}`),
      ...r.cleanup.problems.map((x) => `- ⚠️ ${x}`),
      '',
    );
  }
  const { containers, processes } = r.cleanup.kept;
  if (containers.length || processes.length) {
    // Kept by the learner's choice, and still running: named, with how to remove it.
    lines.push(
      `## ${t('report.kept')}`,
      '',
      ...containers.map((name) => `- ${t('cleanup.container', { name: `\`${name}\`` })}`),
      ...processes.map((p) => `- ${t('cleanup.process', { pid: p.pid, comm: `\`${p.comm}\`` })}`),
      '',
      t('run.keptHint'),
      '',
    );
  }
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n');
}
