import { expect, test } from 'vitest';
import { loadCatalogs } from '../../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../../src/i18n/translate.js';
import type { LabText } from '../../../src/lab/localize.js';
import type { LabEntry } from '../../../src/ui/labs.js';
import { sayLabSelected } from '../../../src/ui/linear/say.js';

loadCatalogs();
const entry = (title: string): LabEntry => ({ file: 'a.md', id: 'a', text: { title } as LabText, problem: 'a.md:3: bad' });

/** The screen reader names the lab under the cursor, then whether it can run: one stop between them. */
test('a title that ends with its own question mark is not followed by a comma, in Chinese or English', () => {
  const zh = sayLabSelected([entry('容器里的进程是什么？')], 0, undefined, createTranslator('zh-CN'))[0]!;
  expect(zh).toMatch(/^第 1 个实验（共 1 个）：容器里的进程是什么？[^，]/);
  const en = sayLabSelected([entry('What runs in a container?')], 0, undefined, createTranslator('en'))[0]!;
  expect(en).toMatch(/^Lab 1 of 1: What runs in a container\? [^,]/);
  expect(sayLabSelected([entry('Processes')], 0, undefined, createTranslator('en'))[0]).toMatch(/^Lab 1 of 1: Processes, /);
});
