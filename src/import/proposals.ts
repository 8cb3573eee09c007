import { runnable, outputsOf, type DraftStep } from './draft.js';
import { stableCells, tableOf } from './tables.js';
import type { CapturedLiteral } from './values.js';
import { q } from './yaml-text.js';

/**
 * Checks the page's own output suggests, marked TODO: the author decides what proves the point.
 * A table gives a `row` check on its first row's lasting cells (and on values captured earlier);
 * a PowerShell error gives its FullyQualifiedErrorId, which reads the same in every language.
 */
export function proposeChecks(steps: DraftStep[], captured: Map<string, CapturedLiteral>): void {
  steps.forEach((step, index) => {
    if (!runnable(step)) return;
    const output = outputsOf(step)[0];
    if (output === undefined) return;
    const error = /FullyQualifiedErrorId\s*:\s*([A-Za-z]\w*)/.exec(output);
    if (error) {
      // A step that declares no exit expects success: the error the page shows must be expected.
      step.checks.push({ todo: 'TODO: the page shows the command failing; without this, a failure is not judged', yaml: 'exit: nonzero' });
      step.checks.push({
        todo: 'TODO: the page shows this error; its FullyQualifiedErrorId is the same in every language, its message is not',
        yaml: `stderr: { matches: ${q(error[1]!)} }`,
      });
      return;
    }
    const table = tableOf(output);
    const row = table?.rows[0];
    if (!table || !row) return;
    const earlier = (v: string) => {
      const c = captured.get(v);
      return c && c.stepIndex < index ? c.name : undefined;
    };
    const fromCaptures = table.columns.flatMap((c): [string, string][] => {
      const name = earlier(row[c]!.trim());
      return name ? [[c, `{{${name}}}`]] : [];
    });
    const lasting = stableCells(table, row, (v) => captured.has(v)).filter(([c]) => !fromCaptures.some(([f]) => f === c));
    const where = [...fromCaptures, ...lasting].slice(0, 2);
    step.checks.push({
      todo: `TODO: proposed from the table the page shows (columns ${table.columns.join(', ')}); keep the cells that prove the point`,
      yaml: `row: { where: { ${where.map(([c, v]) => `${q(c)}: ${q(v)}`).join(', ')} } }`,
    });
  });
}
