import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { formatProblem } from '../../src/lab/errors.js';
import { labText, lineOf, problemsOf } from '../helpers/lab.js';

/**
 * `isolab lint` on a lab whose YAML is broken printed, on a French screen, "YAML incorrect dans
 * l’annotation d’étape : All sequence items must start at the same column": the parser's English was
 * the sentence. What is wrong is said in the reader's language; the parser's detail may follow it.
 */

loadCatalogs();

const step = (annotation: string) => `\n## S\n\n<!-- isolab\nstep: s\n${annotation}\n-->\n\n\`\`\`sh\necho hi\n\`\`\`\n`;

const CASES = [
  {
    what: 'a list item one column off',
    text: labText(step('checks:\n  - exit: 0\n   - exit: 1')),
    at: '   - exit: 1',
    key: 'lab.yaml.indent',
  },
  {
    what: 'a [ never closed',
    text: labText('', 'id: t\ntitle: [unclosed\nplatforms: [linux]'),
    at: 'platforms:',
    key: 'lab.yaml.unclosed',
  },
  { what: 'a quote never closed', text: labText(step('hints:\n  - "open\ntimeout: 5s')), at: '  - "open', key: 'lab.yaml.unclosed' },
  { what: 'a key given twice', text: labText(step('timeout: 5s\ntimeout: 6s')), at: 'timeout: 6s', key: 'lab.yaml.duplicateKey' },
  { what: 'a tab as indentation', text: labText(step('checks:\n\t- exit: 0')), at: '\t- exit: 0', key: 'lab.yaml.tab' },
  { what: 'an unquoted ": " in a value', text: labText(step('hints: x: y')), at: 'hints: x: y', key: 'lab.yaml.colon' },
] as const;

describe('a lab whose YAML the parser cannot read', () => {
  for (const lang of SUPPORTED_LOCALES) {
    const t = createTranslator(lang);
    it.each(CASES)(`${lang}: $what: file:line, what is wrong in the reader's words, then a hint`, ({ text, at, key }) => {
      const [p] = problemsOf(text);
      const said = formatProblem(p!, t);
      const [first, hint] = said.split('\n');
      expect(first).toMatch(new RegExp(`^lab\\.md:${lineOf(text, at)}: `));
      // The sentence is the reader's: what is wrong comes first, in words of the catalog; the parser's English only after.
      expect(first).toContain(t(key));
      const detail = /YAML parser: (.*)\)$/.exec(p!.message)![1]!;
      expect(first!.indexOf(t(key))).toBeLessThan(first!.indexOf(detail));
      expect(hint).toBeTruthy();
    });
  }
});
