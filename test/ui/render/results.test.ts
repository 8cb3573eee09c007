import stringWidth from 'string-width';
import { beforeAll, expect, test } from 'vitest';
import { loadCatalogs } from '../../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../../src/i18n/translate.js';
import { resultLines } from '../../../src/ui/render/results.js';

beforeAll(() => loadCatalogs());
const en = createTranslator('en');

test('a check not judged says which check it is, so several "? not judged" lines read apart', () => {
  const reason = 'not judged: the command failed (exit code 2), so its output proves nothing';
  const lines = resultLines({
    verdicts: [
      { checkId: 'nspid', status: 'notJudged', passed: false, detail: reason },
      { checkId: 'name', status: 'notJudged', passed: false, detail: reason },
    ],
    notes: [],
    details: false,
    hints: [],
    width: 100,
    t: en,
  });
  expect(lines.filter((l) => l.starts).map((l) => `${l.mark} ${l.text}`)).toEqual([`? nspid: ${reason}`, `? name: ${reason}`]);
});

const verdicts = [
  {
    checkId: 'pid',
    status: 'passed',
    passed: true,
    teaching: 'The ping is a process of this host: it shares its kernel.',
    detail: 'a row',
  },
  {
    checkId: 'hidden',
    status: 'failed',
    passed: false,
    teaching: 'The host lists the ping: this container does not have a kernel of its own.',
    detail: 'a row where PID = 41235 is in stdout',
  },
  { checkId: 'nspid', status: 'notJudged', passed: false, detail: 'not judged: the command failed (exit 1), so its output proves nothing' },
] as const;

test('every check says its status in words beside its glyph: without colour, nothing is lost', () => {
  const lines = resultLines({ verdicts, notes: [], details: false, hints: [], width: 120, t: en });
  expect(lines.filter((l) => l.starts).map((l) => `${l.mark} ${l.text}`)).toEqual([
    '✔ passed: The ping is a process of this host: it shares its kernel.',
    '✘ failed: The host lists the ping: this container does not have a kernel of its own.',
    '? nspid: not judged: the command failed (exit 1), so its output proves nothing',
  ]);
});

test("in the learner's language, in its typography", () => {
  const fr = createTranslator('fr');
  const lines = resultLines({ verdicts, notes: [], details: false, hints: [], width: 120, t: fr });
  expect(lines.filter((l) => l.starts)[1]!.text).toBe(
    'en échec\u00a0: The host lists the ping: this container does not have a kernel of its own.',
  );
});

test('at 60 columns each line, its glyph gutter included, still fits: the words wrap, none is cut', () => {
  const lines = resultLines({ verdicts, notes: [], details: true, hints: [], width: 60, t: en });
  for (const l of lines) expect(l.indent + (l.mark === undefined ? 0 : 2) + stringWidth(l.text)).toBeLessThanOrEqual(60);
  const said = lines
    .filter((l) => l.kind === 'verdict')
    .map((l) => l.text)
    .join(' ');
  expect(said).toContain('failed: The host lists the ping: this container does not have a kernel of its own.');
});
