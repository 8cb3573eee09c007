import { describe, expect, it } from 'vitest';
import { formatProblem, labProblem } from '../src/lab/errors.js';
import { lintTranslation } from '../src/lab/translation-lint.js';
import { loadCatalogs } from '../src/i18n/catalogs/index.js';
import { createTranslator, msg } from '../src/i18n/translate.js';
import { labText, lineOf, parse, parseTranslated, problemsOf } from './helpers/lab.js';

loadCatalogs();
const es = createTranslator('es');
const zh = createTranslator('zh-CN');
const fr = createTranslator('fr');

const step = (annotation: string, code = 'echo hi') => `\n## S\n\n<!-- isolab\nstep: s\n${annotation}\n-->\n\n\`\`\`sh\n${code}\n\`\`\`\n`;

describe("a lab problem is worded in the reader's language, its English kept for logs and JSON", () => {
  it("the file's shape (parse): a section without annotation", () => {
    const text = labText('\n## Just prose\n\nNothing here.\n');
    const [p] = problemsOf(text);
    expect(p!.message).toBe('section "Just prose" has no isolab step annotation');
    expect(formatProblem(p!, es)).toBe(
      `lab.md:${lineOf(text, '## Just prose')}: la sección «Just prose» no tiene anotación de paso de isolab\n  sugerencia: pon «<!-- isolab step: algun-id -->» en la línea siguiente al título; cada sección ## es un paso`,
    );
  });

  it('the YAML (schema issues): an unknown value, a bad duration', () => {
    const text = labText(step('timeout: soon'));
    expect(formatProblem(problemsOf(text)[0]!, zh)).toBe(
      `lab.md:${lineOf(text, 'timeout: soon')}: timeout：“soon”不是时长（请写 500ms、30s 或 2m）`,
    );
    const capture = labText(step("checks:\n  - capture: { name: x, type: float, regex: '(\\d+)' }"));
    expect(formatProblem(problemsOf(capture)[0]!, zh)).toContain(
      'checks.0.capture.type：应为以下值之一：integer, hexid, name, image, path, ipv4, version, string\n  提示：值类型为 integer、hexid、name、image、path、ipv4、version、string（自由文本：不得用于命令）',
    );
  });

  it('whole-lab rules (validate): a value used before it is captured', () => {
    const text = labText(step('checks:\n  - exit: 0', 'kill {{pid}}'));
    const [p] = problemsOf(text);
    expect(p!.message).toBe('{{pid}} is used before it is captured (linux)');
    expect(formatProblem(p!, fr)).toContain('{{pid}} est utilisé avant d’être capturé (linux)');
  });

  it('translation lint: code that differs, with the non-ASCII character named', () => {
    const source = parse(labText(step('checks:\n  - exit: 0', 'docker run --isolation=hyperv x')), 'labs/l.md');
    const translation = parseTranslated(
      labText(step('from: 0123456789ab', 'docker run –issolation=hyperv x'), 'id: t\ntranslationOf: t\nlang: es\ntitle: T'),
      'labs/es/l.md',
    );
    const problems = lintTranslation(source, translation);
    const differs = problems.find((p) => p.message.startsWith('code differs'))!;
    expect(formatProblem(differs, es)).toMatch(
      /el código no coincide con el origen \(labs\/l\.md:\d+\): el origen tiene .* y la traducción tiene .* \(U\+2013 no es un carácter ASCII\)/,
    );
  });

  it('a problem given in plain English (a rule not yet translated) is shown as written', () => {
    const p = labProblem('lab.md', 3, 'something new is wrong', 'fix it like this');
    expect(formatProblem(p, es)).toBe('lab.md:3: something new is wrong\n  sugerencia: fix it like this');
    const m = labProblem('lab.md', 3, msg('lab.noFrontMatter'));
    expect(m.message).toBe('the lab has no front matter');
    expect(formatProblem(m, zh)).toBe('lab.md:3: 实验没有前置元数据（front matter）');
  });
});
