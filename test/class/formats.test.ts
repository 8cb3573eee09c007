import { describe, expect, it } from 'vitest';
import { foldClass } from '../../src/class/fold.js';
import { csvCell, formatOfFile, mdText, toMarkdown } from '../../src/class/formats.js';
import { randomId } from '../../src/class/recorder.js';
import { SCHEMA_VERSION, type ClassEvent } from '../../src/class/schema.js';
import { dashboardStrings } from '../../src/class/strings.js';
import { classView } from '../../src/class/view.js';
import { wordsFor } from '../../src/class/words.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';

/**
 * The exports carry what learners typed. A spreadsheet must not run a name as a formula, and a
 * Markdown viewer must not read one as HTML or as a table's next column.
 */
describe('CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Ana, the first', '"Ana, the first"'],
    ['two\nlines', '"two\nlines"'],
    ['plain', 'plain'],
  ])('writes %j as %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('Markdown', () => {
  it('shows a hostile name as text: no tag, no table break, no emphasis', () => {
    expect(mdText('<img src=x onerror=alert(1)> | *x* [a](b)')).toBe('&lt;img src=x onerror=alert(1)&gt; \\| \\*x\\* \\[a\\](b)');
    expect(mdText('one\ntwo')).toBe('one two');
  });
});

describe('the output format of class merge', () => {
  it('comes from the file name', () => {
    expect([
      formatOfFile('class.html'),
      formatOfFile('a.HTM'),
      formatOfFile('x.md'),
      formatOfFile('x.json'),
      formatOfFile('x.csv'),
    ]).toEqual(['html', 'html', 'md', 'json', 'csv']);
    expect(formatOfFile('class.pdf')).toBeUndefined();
  });
});

describe('the Markdown export in the instructor’s language', () => {
  loadCatalogs();
  /** Two learners failing the same check, and both machines missing gVisor. */
  const events = (): ClassEvent[] =>
    ['Bo', '小明'].flatMap((name, i) => {
      const learner = randomId();
      const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 9, 0, s + i)).toISOString();
      const e = (s: number, body: Record<string, unknown>) =>
        ({ schemaVersion: SCHEMA_VERSION, id: randomId(), learner, at: at(s), seq: s, ...body }) as ClassEvent;
      return [
        e(0, { type: 'joined', name, platform: 'linux', locale: 'en', isolab: '0.1.0' }),
        e(1, {
          type: 'readiness',
          platform: 'linux',
          items: [{ id: 'runtime:runsc', ok: false, label: { key: 'class.start.stop' } }],
        }),
        e(2, {
          type: 'labOpened',
          run: 'r1',
          lab: 'tiny',
          title: 'Tiny',
          platform: 'linux',
          shell: 'sh',
          lang: 'en',
          steps: [{ id: 'hello', title: 'Hello' }],
        }),
        e(3, {
          type: 'stepFinished',
          run: 'r1',
          lab: 'tiny',
          step: 'hello',
          status: 'failed',
          durationMs: 5,
          attempts: 1,
          checks: [{ id: 'ran', status: 'failed', reason: { text: 'exit 1' } }],
          notes: [],
        }),
      ];
    });
  const markdown = (locale: string) => {
    const strings = dashboardStrings(locale);
    const data = foldClass(
      events(),
      { t: createTranslator(locale), labWords: () => undefined },
      {
        className: 'Class',
        locale,
        source: { live: false, files: 2 },
        strings,
      },
    );
    return toMarkdown(classView(data), wordsFor(strings, locale));
  };

  it('writes Chinese with its own colon and list comma', () => {
    const md = markdown('zh-CN');
    expect(md).toContain('学员：Bo、小明');
    expect(md).toMatch(/\*\*2 名学员\*\*：/);
    expect(md).not.toMatch(/\*\*: |Bo, /);
  });

  it('writes French with a no-break space before the colon', () => {
    const md = markdown('fr');
    expect(md).toMatch(/\*\*2 participants\*\*\u00a0: /);
    expect(md).toContain('qui\u00a0: Bo, 小明');
  });

  it('keeps English as it was', () => {
    const md = markdown('en');
    expect(md).toMatch(/\*\*2 learners\*\*: /);
    expect(md).toContain('who: Bo, 小明');
  });
});
