import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/translate.js';
import { localize } from '../../src/lab/localize.js';
import { buildReport } from '../../src/report/build.js';
import { renderReport } from '../../src/report/formats.js';
import { labText, parse, startStep } from '../helpers/lab.js';
import { shSession } from '../helpers/session.js';

/**
 * The JSON report is read by instructors' tools and the class dashboard: its fields, their order and
 * the step counts stay as schemaVersion 1 has them, whatever shape the code that builds it takes.
 */
describe('the JSON report keeps the shape of schemaVersion 1', () => {
  it('names the same fields in the same order, the step counts between "interrupted" and "result"', async () => {
    const lab = parse(labText(startStep('echo started')));
    const s = shSession(lab);
    await s.runStep('start');
    await s.cleanup();
    const t = createTranslator('en');
    const report = buildReport({ lab, text: localize(lab), state: s.state, t, mode: 'run', durationMs: 0, interrupted: false });
    const json = JSON.parse(renderReport(report, 'json', t)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'schemaVersion',
      'lab',
      'title',
      'lang',
      'platform',
      'shell',
      'mode',
      'runId',
      'startedAt',
      'durationMs',
      'interrupted',
      'passed',
      'read',
      'failed',
      'notJudged',
      'skipped',
      'notRun',
      // Added after schemaVersion 1: steps never reached (an interrupted run), apart from those skipped.
      'pending',
      'result',
      'exitCode',
      'checks',
      'cleanupChecks',
      'steps',
      'recap',
      'cleanup',
    ]);
    expect(json).toMatchObject({
      passed: 1,
      read: 0,
      failed: 0,
      notJudged: 0,
      skipped: 0,
      notRun: 0,
      pending: 0,
      result: 'passed',
      exitCode: 0,
    });
  });
});
