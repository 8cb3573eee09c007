import { extname } from 'node:path';
import type { Report } from './build.js';

export type ReportFormat = 'json' | 'junit' | 'markdown';

export function formatFromPath(path: string): ReportFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.json' ? 'json' : ext === '.xml' ? 'junit' : ext === '.md' || ext === '.markdown' ? 'markdown' : undefined;
}

export function renderReport(report: Report, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'junit') return junit(report);
  return markdown(report);
}

const xml = (s: string) => s
  // Control characters are not allowed in XML 1.0, even escaped; command output can contain them.
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function junit(r: Report): string {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const cases = r.steps.map((s) => {
    const name = `${s.id}: ${s.title}`;
    const open = `    <testcase classname="${xml(`isolab.${r.lab}.${r.platform}`)}" name="${xml(name)}" time="${secs(s.durationMs)}">`;
    const out = s.checks.map((c) => `${c.status === 'passed' ? 'PASS' : 'FAIL'} ${c.id}: ${c.message}${c.message !== c.detail ? ` (${c.detail})` : ''}`).concat(s.notes).join('\n');
    let body = '';
    if (r.mode === 'read-only') body = `      <skipped message="read-only: nothing ran"/>\n`;
    else if (s.status === 'failed') {
      const failed = s.checks.filter((c) => c.status === 'failed');
      const message = failed.map((c) => `${c.id}: ${c.message}`).join('; ') || s.notes.join('; ') || 'failed';
      body = `      <failure message="${xml(message)}">${xml(out)}</failure>\n`;
    } else if (s.status === 'skipped' || s.status === 'pending') body = `      <skipped message="${xml(s.notes.join('; ') || 'not run')}"/>\n`;
    const sysout = out ? `      <system-out>${xml((s.command ? `$ ${s.command}\n` : '') + out)}</system-out>\n` : '';
    return `${open}\n${body}${sysout}    </testcase>`;
  });
  const failures = r.steps.filter((s) => s.status === 'failed').length;
  const skipped = r.mode === 'read-only' ? r.steps.length : r.steps.filter((s) => s.status === 'skipped' || s.status === 'pending').length;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="isolab" tests="${r.steps.length}" failures="${failures}" skipped="${skipped}" time="${secs(r.durationMs)}">
  <testsuite name="${xml(`${r.lab} (${r.platform}, ${r.lang})`)}" tests="${r.steps.length}" failures="${failures}" skipped="${skipped}" time="${secs(r.durationMs)}" timestamp="${xml(r.startedAt)}">
    <properties>
      <property name="mode" value="${r.mode}"/>
      <property name="runId" value="${xml(r.runId)}"/>
    </properties>
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}

function markdown(r: Report): string {
  const icon = (s: string) => ({ passed: '✅', failed: '❌', skipped: '⏭️', pending: '⏸️', running: '⏳' })[s] ?? s;
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `# ${r.title}`,
    '',
    r.mode === 'read-only' ? '> **Read-only**: nothing was run on this machine; no check was judged.\n' : '',
    `Lab \`${r.lab}\` · platform ${r.platform} · language ${r.lang} · run ${r.runId} · ${r.startedAt}`,
    '',
    `**${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped** (checks: ${r.checks.passed} passed, ${r.checks.failed} failed) in ${(r.durationMs / 1000).toFixed(1)} s${r.interrupted ? ' — interrupted' : ''}`,
    '',
    '| Step | Status | Time | Checks |',
    '|---|---|---:|---|',
    ...r.steps.map((s) => `| ${cell(s.title)} | ${icon(s.status)} ${s.status} | ${(s.durationMs / 1000).toFixed(2)} s | ${cell(s.checks.map((c) => `${c.status === 'passed' ? '✔' : '✘'} ${c.message}`).concat(s.notes).join('<br>'))} |`),
    '',
  ];
  if (r.cleanup.removed.length || r.cleanup.problems.length) {
    lines.push('## Cleanup', '', ...r.cleanup.removed.map((x) => `- removed ${x}`), ...r.cleanup.problems.map((x) => `- ⚠️ ${x}`), '');
  }
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n');
}
