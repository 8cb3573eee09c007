import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAB_LIMITS } from '../src/lab/limits.js';
import { isolab, tempDir } from './helpers/cli.js';
import { labText, lineOf, parse, problemsOf } from './helpers/lab.js';
import { commandsOf } from '../src/lab/content.js';

const step = (id: string, annotation = '', code = 'echo hi') =>
  `## ${id}\n<!-- isolab\nstep: ${id}\n${annotation}-->\n\n\`\`\`sh\n${code}\n\`\`\`\n\n`;

describe('lab files have stated limits, checked before the expensive work', () => {
  it('lists nested 600 deep (within the size limit) are refused at their line in well under a second', () => {
    let nested = '';
    for (let i = 0; i < 600; i++) nested += `${' '.repeat(2 * i)}- level ${i}\n`;
    const text = labText(`${step('s')}${nested}`);
    const t = performance.now();
    const problems = problemsOf(text);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(problems).toEqual([
      expect.objectContaining({
        line: lineOf(text, `- level ${LAB_LIMITS.nesting}`),
        message: expect.stringContaining(`at most ${LAB_LIMITS.nesting} levels`),
      }),
    ]);
  });

  it('block quotes and "- - - -" lists count as nesting too; YAML flow nesting in an annotation as well', () => {
    expect(problemsOf(labText(`${step('s')}${'> '.repeat(40)}deep\n`))[0]?.message).toContain('levels deep');
    expect(problemsOf(labText(`${step('s')}${'- '.repeat(40)}deep\n`))[0]?.message).toContain('levels deep');
    const text = labText(step('s', `vars: ${'['.repeat(5000)}\n`));
    expect(problemsOf(text)[0]).toMatchObject({ line: lineOf(text, 'vars:'), message: expect.stringContaining('YAML nested') });
  });

  it('a deeply indented script inside a code block is code, not nesting', () => {
    expect(commandsOf(parse(labText(step('s', '', `${' '.repeat(60)}echo indented`))).steps[0]!)[0]!.code).toContain('echo indented');
  });

  it('a line longer than the limit is a problem at that line', () => {
    const text = labText(`${step('s')}prose\n${'x'.repeat(LAB_LIMITS.lineChars + 1)}\n`);
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ line: lineOf(text, 'prose') + 1, message: expect.stringContaining('a line may be at most 128 KiB') }),
    ]);
  });

  it('a code block over the limit is a problem at its fence; a 128 KiB one-line command is fine', () => {
    const big = Array.from({ length: 3 }, () => `echo ${'y'.repeat(100 * 1024)}`).join('\n');
    const text = labText(step('s', '', big));
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ line: lineOf(text, '```sh'), message: expect.stringContaining('a code block may be at most 256 KiB') }),
    ]);
    expect(parse(labText(step('s', '', `echo ${'z'.repeat(128 * 1024 - 10)}`))).steps).toHaveLength(1);
  });

  it('more steps than the limit is a problem at the first one too many', () => {
    const steps = Array.from({ length: LAB_LIMITS.steps + 1 }, (_, i) => step(`s${i}`)).join('');
    const text = labText(steps);
    expect(problemsOf(text)[0]).toMatchObject({
      line: lineOf(text, `step: s${LAB_LIMITS.steps}`) - 1,
      message: `more than ${LAB_LIMITS.steps} steps in one lab`,
    });
  });

  it('a 50 MB file is refused from its size, without reading it, and lint exits 1 with file:1', async () => {
    const dir = tempDir();
    const file = join(dir, 'huge.md');
    writeFileSync(file, labText(`${step('s')}${'prose line\n'.repeat(5_000_000)}`));
    const t = Date.now();
    const r = await isolab(['lint', file], { timeout: 30_000 });
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/huge\.md:1: the lab file is \d+ KiB; a lab may be at most 512 KiB/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a URL is said to be one, not folded into a path', async () => {
    const r = await isolab(['run', 'https://example.com/labs/x.md', '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('https://example.com/labs/x.md:1: cannot read the lab: isolab reads lab files, not URLs');
  });
});

describe('durations have a stated range', () => {
  it.each([
    'timeout: 600h',
    'timeout: 0',
    'eventually: { timeout: 10s, interval: 0 }',
    'holdsFor: { window: 25h, interval: 1s }',
    'eventually: { timeout: 10s, interval: 3000000000 }',
  ])('"%s" is refused by lint at its line', (line) => {
    const text = labText(step('s', `${line}\n`));
    const problems = problemsOf(text);
    expect(problems).toEqual([
      expect.objectContaining({
        line: lineOf(text, line),
        message: expect.stringContaining('out of range: durations go from 100ms to 24h'),
      }),
    ]);
  });

  it('100ms and 24h are inside the range', () => {
    const lab = parse(labText(step('s', 'timeout: 24h\neventually: { timeout: 1m, interval: 100ms }\n')));
    expect([lab.steps[0]!.timeoutMs, lab.steps[0]!.eventually?.intervalMs]).toEqual([86_400_000, 100]);
  });
});

describe('lint never prints the lab raw', () => {
  it('a control character inside a misspelt key is shown escaped in the message that quotes it', async () => {
    const dir = tempDir();
    const file = join(dir, 'esc.md');
    writeFileSync(file, labText(step('s', 'ch\u009b31mecks: []\nma\u0000x: 1\n')));
    const r = await isolab(['lint', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('unknown key "ch\\x9b31mecks"');
    expect(r.stdout).not.toMatch(/[\u0000\u001b\u009b]/);
  });
});

describe('hints that make sense', () => {
  it('a key known elsewhere is "not allowed here", never "did you mean" itself', () => {
    const text = labText(step('s', 'from: abcdef12\n'));
    const [p] = problemsOf(text);
    expect(p?.message).toBe('key "from" is not allowed in step annotation');
    expect(p?.hint).not.toContain('did you mean');
  });
});
