import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { formatProblem } from '../../src/lab/errors.js';
import { labText, lineOf, problemsOf } from '../helpers/lab.js';

/**
 * `isolab lint` told an author that a lab id "does not match /^[a-z0-9][a-z0-9-]*$/": a regular
 * expression, in every language, where the schema has words for what an id may hold. Each value whose
 * shape the format fixes (an id, a capture's name, a regex's flags, an edition) is described in the
 * reader's language, at its line, never as a pattern.
 */

loadCatalogs();

const step = (annotation: string, id = 's') => `\n## S\n\n<!-- isolab\nstep: ${id}\n${annotation}\n-->\n\n\`\`\`sh\necho hi\n\`\`\`\n`;

const CASES = [
  {
    what: 'a lab id',
    text: labText(step('checks:\n  - exit: 0'), 'id: Bad_ID\ntitle: T\nplatforms: [linux]'),
    at: 'id: Bad_ID',
    key: 'lab.idShape',
  },
  { what: 'a step id', text: labText(step('checks:\n  - exit: 0', 'Start Here')), at: 'step: Start Here', key: 'lab.idShape' },
  {
    what: "a capture's name",
    text: labText(step("checks:\n  - capture: { name: 1pid, type: integer, regex: '^(\\d+)$' }")),
    at: 'name: 1pid',
    key: 'lab.captureNameShape',
  },
  {
    what: "a var's name",
    text: labText(step('checks:\n  - exit: 0'), 'id: t\ntitle: T\nplatforms: [linux]\nvars:\n  "Bad Name": x'),
    at: 'Bad Name',
    key: 'lab.captureNameShape',
  },
  {
    what: "a capture's flags",
    text: labText(step("checks:\n  - capture: { name: pid, type: integer, regex: '^(\\d+)$', flags: g }")),
    at: 'flags: g',
    key: 'lab.regexFlags',
  },
  {
    what: "a matcher's flags",
    text: labText(step("checks:\n  - stdout: { matches: '^hi$', flags: x }")),
    at: 'flags: x',
    key: 'lab.regexFlags',
  },
] as const;

describe('a value of the wrong shape is described, not shown as a regular expression', () => {
  for (const lang of SUPPORTED_LOCALES) {
    const t = createTranslator(lang);
    it.each(CASES)(`${lang}: $what`, ({ text, at, key }) => {
      const problems = problemsOf(text);
      const said = problems.map((p) => formatProblem(p, t)).join('\n');
      expect(said).toContain(`lab.md:${lineOf(text, at)}:`);
      expect(said).toContain(t(key));
      expect(said).not.toMatch(/\/\^|\$\//);
    });
  }
});

/**
 * zod's own type names reached authors in every language ("title : string attendu, array reçu"), and
 * a duration out of range was said in English alone. What YAML gave and what the format wants are said
 * in the reader's words.
 */
describe("a value of the wrong type or range is said in the reader's words", () => {
  const wrongType = labText(step('checks:\n  - exit: 0'), 'id: t\ntitle: [a, b]\nplatforms: [linux]');
  const longTimeout = labText(step('timeout: 48h\nchecks:\n  - exit: 0'));
  for (const lang of SUPPORTED_LOCALES) {
    const t = createTranslator(lang);
    it(`${lang}: text expected, a list given`, () => {
      const said = problemsOf(wrongType)
        .map((p) => formatProblem(p, t))
        .join('\n');
      expect(said).toContain(`lab.md:${lineOf(wrongType, 'title:')}:`);
      expect(said).toContain(t('lab.expectedType', { expected: t('lab.type.string'), received: t('lab.type.array') }));
      if (lang !== 'en') expect(said).not.toMatch(/\b(string|array)\b/);
    });
    it(`${lang}: a number alone as a duration (milliseconds) says to write its unit`, () => {
      const bare = labText(step('timeout: 5\nchecks:\n  - exit: 0'));
      const said = problemsOf(bare)
        .map((p) => formatProblem(p, t))
        .join('\n');
      expect(said).toContain(`lab.md:${lineOf(bare, 'timeout: 5')}:`);
      expect(said).toContain(t('lab.durationUnit', { value: '5' }));
    });
    it(`${lang}: a duration out of range`, () => {
      const said = problemsOf(longTimeout)
        .map((p) => formatProblem(p, t))
        .join('\n');
      expect(said).toContain(`lab.md:${lineOf(longTimeout, 'timeout: 48h')}:`);
      expect(said).toContain(t('lab.durationRange', { value: '48h' }));
    });
  }
});

/** A var that holds no value of its type, or an invisible character, was reported in English alone. */
describe("a var's problem is said in the reader's words, with its hint", () => {
  const badVar = labText(
    step('checks:\n  - exit: 0'),
    'id: t\ntitle: T\nplatforms: [linux]\nvars:\n  img: { value: "--help", type: image }',
  );
  for (const lang of SUPPORTED_LOCALES) {
    const t = createTranslator(lang);
    it(`${lang}: a var typed image that holds no image`, () => {
      const said = problemsOf(badVar)
        .map((p) => formatProblem(p, t))
        .join('\n');
      expect(said).toContain(`lab.md:${lineOf(badVar, 'img:')}: ${t('lab.varType', { name: 'img', value: '"--help"', type: 'image' })}`);
      expect(said).toContain(t('lab.varType.hint'));
    });
  }
});
