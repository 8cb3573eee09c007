import { expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { isolab } from '../helpers/cli.js';

loadCatalogs();

it.each(['en', 'fr', 'zh-CN'])(
  'isolab doctor in %s opens by saying which labs it checks the machine for, not with a bare list of ids',
  async (lang) => {
    const r = await isolab(['doctor', '--lang', lang]);
    const first = r.stdout.split('\n')[0]!;
    const t = createTranslator(lang);
    expect(first).toBe(
      t('doctor.labsChecked', {
        labs: ['container-host', 'hyperv-internals', 'hyperv-isolation', 'namespaces', 'utility-vm'].join(t('list.separator')),
      }),
    );
  },
);
