import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLab } from '../../src/lab/catalog.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { Session } from '../../src/session/session.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import { requirePwsh } from '../helpers/pwsh.js';
import { editionOf } from '../../src/edition/edition.js';

const t = createTranslator('en');

describe('needs: holds in every edition', () => {
  it('in linux/powershell, a PowerShell step that needs a step that failed is not judged', async () => {
    requirePwsh();
    const lab = readLab(join(ROOT, 'test', 'fixtures', 'needs-shells-lab.md'));
    const s = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'powershell' }), ledgerDir: tempDir() });
    try {
      expect((await s.runStep('create')).status).toBe('failed');
      const why = s.unmetDependency('use');
      expect(why && t(why.key, why.params)).toBe('this step needs step "Create something"; it failed: its verdicts will not be judged');
      const use = await s.runStep('use');
      expect(use.status).toBe('notJudged');
      expect(use.verdicts.map((v) => v.status)).toEqual(['notJudged']);
    } finally {
      await s.cleanup();
    }
  });
});
