import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { readLab } from '../../src/lab/catalog.js';
import { Session } from '../../src/session/session.js';

/**
 * A value a command reads from its environment ($ISOLAB_VALUE_v) is needed as much as a {{v}}: a step
 * whose value was never captured does not run, and nothing of it is judged. It ran with an empty
 * variable, and its exit check passed on that (the fresh walk: "ran-anyway").
 */

const dir = mkdtempSync(join(tmpdir(), 'isolab-env-value-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'env-lab.md');
writeFileSync(
  file,
  `---
id: env-lab
title: A value read from the environment
platforms: [linux]
---

## Find it

<!-- isolab
step: find
checks:
  - id: got
    capture: { name: v, type: string, regex: '^value: (.+)$' }
    fail: "No value was printed."
-->

\`\`\`sh
echo \${ISOLAB_TEST_PRINT:-nothing here}
\`\`\`

## Use it

<!-- isolab
step: use
checks:
  - exit: 0
-->

\`\`\`sh
printf '%s\\n' "$ISOLAB_VALUE_v"
echo ran-anyway
\`\`\`
`,
);

test('a step reading $ISOLAB_VALUE_v does not run while v was never captured, and is not judged', async () => {
  loadCatalogs();
  const t = createTranslator('en');
  const session = new Session({ edition: editionOf(readLab(file), { platform: 'linux', shell: 'sh' }) });
  await session.runStep('find');
  expect(session.state.steps.find?.status).toBe('failed');
  const preview = session.preview('use')!;
  expect(preview.ok).toBe(false);
  if (!preview.ok) expect(t(preview.reason.key, preview.reason.params)).toContain('step "Find it" finds');
  const use = await session.runStep('use');
  expect(use.status).toBe('notJudged');
  expect(use.output ?? '').not.toContain('ran-anyway');
  expect(use.verdicts.filter((v) => v.status === 'passed')).toEqual([]);
  await session.cleanup();
});
