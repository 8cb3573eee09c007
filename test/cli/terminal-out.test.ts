import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { doctorCommand } from '../../src/cli/doctor.js';
import { askOrEnd, askWrapped, wrappedToTerminal } from '../../src/cli/terminal-out.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { displayWidth, wrapConsoleLine } from '../../src/ui/render/wrap.js';
import { colors } from '../../src/util/color.js';

/**
 * `isolab doctor` and an attended `isolab run` on a terminal 60 columns wide: "✔ PowerShell 7 (pwsh),
 * pour les éditions PowerShell — PowerShell 7.6.9 dans /root/.dotnet/tools/pwsh" was left to the
 * terminal, which broke it mid-word ("Power" / "Shell") and went on at the left edge, under the ✔.
 */

beforeAll(() => loadCatalogs());

/** A terminal of `columns`, or a pipe: what was written to it, as text. */
function stream(columns: number | undefined) {
  const s = Object.assign(new PassThrough(), columns ? { isTTY: true, columns } : { isTTY: false });
  const chunks: string[] = [];
  s.on('data', (d: Buffer) => chunks.push(d.toString()));
  return { s: s as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

describe('a console line wrapped to the terminal', () => {
  it('breaks between words, its rest hanging under the text after its indent and mark', () => {
    const lines = wrapConsoleLine('  ✔ passed: PID 4242 printed by docker top is a process of this host', 30);
    expect(lines).toEqual(['  ✔ passed: PID 4242 printed', '    by docker top is a process', '    of this host']);
  });
  it('keeps the bar of command output on each line it wraps to, and the styles of the line', () => {
    const c = colors(process.stdout, { FORCE_COLOR: '1' });
    const lines = wrapConsoleLine(`${c.dim('  │ ')}one two three four five six seven eight`, 20);
    const plain = lines.map((l) => l.replace(/\u001B\[[0-9;]*m/g, ''));
    expect(plain).toEqual(['  │ one two three', '  │ four five six', '  │ seven eight']);
  });
  it('wraps Chinese between characters, never past the width', () => {
    for (const l of wrapConsoleLine('✘ 主机上没有 PID 为 4242 的 ping：docker top 报告的进程不是普通的主机进程', 24))
      expect(displayWidth(l)).toBeLessThanOrEqual(24);
  });
});

describe('a stream to a terminal', () => {
  it('wraps a line that follows one whose style closed after its newline (c.dim("…\\n"))', () => {
    const out = stream(20);
    const w = wrappedToTerminal(out.s);
    w.write('\u001B[2m      id: detail\n\u001B[22m');
    w.write('  ✔ passed: one two three four\n');
    expect(out.text().replace(/\u001B\[[0-9;]*m/g, '')).toBe('      id: detail\n  ✔ passed: one two\n    three four\n');
  });
  it('writes a prompt (no end of line yet) as it is, and piped output untouched', () => {
    const tty = stream(20);
    wrappedToTerminal(tty.s).write('Run this command? [Y]es, [s]kip, [q]uit: ');
    expect(tty.text()).toBe('Run this command? [Y]es, [s]kip, [q]uit: ');
    const pipe = stream(undefined);
    expect(wrappedToTerminal(pipe.s)).toBe(pipe.s);
  });
});

describe('isolab doctor on a terminal and through a pipe', () => {
  it('wraps each line to a terminal of 50 columns with hanging indents, and leaves piped output one line per line', async () => {
    const run = async (columns: number | undefined) => {
      const out = stream(columns);
      const t = createTranslator('fr');
      const c = colors(out.s, {});
      const ctx: CliContext = { locale: { locale: 'fr', source: 'flag' }, t, c, cerr: c, out: out.s, err: out.s };
      await doctorCommand('namespaces', {}, ctx);
      // Colours (a terminal gets them) aside: the words and where the lines break.
      return out
        .text()
        .replace(/\u001B\[[0-9;]*m/g, '')
        .split('\n');
    };
    const piped = await run(undefined);
    const long = piped.filter((l) => displayWidth(l) > 50);
    expect(long.length, 'a line longer than the terminal to wrap').toBeGreaterThan(0);
    const shown = await run(50);
    for (const l of shown) expect(displayWidth(l), l).toBeLessThanOrEqual(50);
    // Every line that did not fit goes on under its text, never under its mark.
    for (const l of long) {
      const at = shown.findIndex((s) => s.length && l.startsWith(s));
      expect(at, l).toBeGreaterThanOrEqual(0);
      expect(shown[at + 1]).toMatch(/^ {2}\S/);
    }
    expect(shown.join(' ').replace(/\s+/g, ' ')).toBe(piped.join(' ').replace(/\s+/g, ' '));
  });
});

describe('a question asked at a terminal (attended isolab run, isolab class join)', () => {
  /** What readline is asked, and what was printed before it, on a terminal of `columns` (or a pipe). */
  async function asked(question: string, columns: number | undefined) {
    const out = stream(columns);
    const prompts: string[] = [];
    const rl = Object.assign(new EventEmitter(), {
      question: async (q: string) => {
        prompts.push(q);
        return 'y';
      },
    });
    const answer = await askWrapped(rl as never, out.s, question);
    return { printed: out.text(), prompts, answer };
  }

  it.each([
    ['es', 'run.cleanupConfirm'],
    ['es', 'run.confirm'],
    ['fr', 'run.cleanupConfirm'],
    ['zh-CN', 'run.cleanupConfirm'],
    ['es', 'class.join.askOutput'],
  ])('%s %s at 60 columns: between words, every line but the last printed, the last the prompt', async (lang, key) => {
    const question = createTranslator(lang)(key);
    const { printed, prompts, answer } = await asked(question, 60);
    expect(answer).toBe('y');
    expect(prompts).toHaveLength(1);
    const lines = [...printed.split('\n').slice(0, -1), prompts[0]!];
    // One column left for the cursor after the prompt; the prompt ends as the question does (its space).
    for (const l of lines) expect(displayWidth(l)).toBeLessThan(60);
    expect(prompts[0]!.at(-1)).toBe(question.at(-1));
    const words = (s: string) => s.replace(/\s+/g, lang === 'zh-CN' ? '' : ' ').trim();
    expect(words(lines.join(lang === 'zh-CN' ? '' : ' '))).toBe(words(question));
    if (lang === 'es' && key === 'run.cleanupConfirm') {
      expect(lines.some((l) => /conservar lo que c$/.test(l))).toBe(false);
      expect(printed).not.toBe('');
    }
  });

  it('a question that fits, or asked through a pipe, is the prompt as it is', async () => {
    const question = createTranslator('es')('run.cleanupConfirm');
    expect(await asked(question, undefined)).toEqual({ printed: '', prompts: [question], answer: 'y' });
    expect(await asked('Run? ', 60)).toEqual({ printed: '', prompts: ['Run? '], answer: 'y' });
  });
});

describe('isolab class on a terminal', () => {
  it('class start wraps its sentences between words and keeps each command and link whole on its line', async () => {
    const { tempDir } = await import('../helpers/cli.js');
    const { classStart } = await import('../../src/cli/class.js');
    const before = process.env.ISOLAB_STATE_DIR;
    process.env.ISOLAB_STATE_DIR = tempDir('isolab-class-wrap-');
    try {
      const out = stream(50);
      const t = createTranslator('es');
      const c = colors(out.s, {});
      const ctx: CliContext = { locale: { locale: 'es', source: 'flag' }, t, c, cerr: c, out: out.s, err: out.s };
      const stop = new AbortController();
      const started = classStart({ listen: '127.0.0.1:0', title: 'Aislamiento' }, ctx, stop.signal);
      for (let i = 0; i < 100 && !out.text().includes(t('class.start.stop')); i++) await new Promise((r) => setTimeout(r, 50));
      stop.abort();
      await started;
      const lines = out
        .text()
        .replace(/\u001B\[[0-9;]*m/g, '')
        .split('\n');
      const links = lines.filter((l) => /^ {2}(isolab class join )?http:\/\/127\.0\.0\.1:\d+\/(j|d)\/\S+$/.test(l));
      // The join command and the dashboard's link, each whole on one line an instructor can copy.
      expect(links, lines.join('\n')).toHaveLength(2);
      for (const l of lines.filter((l) => !links.includes(l))) expect(displayWidth(l), l).toBeLessThanOrEqual(50);
      // The sentences are all there, in the reader's words.
      const words = (s: string) => s.replace(/\s+/g, ' ').trim();
      expect(words(lines.join(' '))).toContain(words(t('class.start.joinLine')));
      expect(words(lines.join(' '))).toContain(words(t('class.start.stop')));
    } finally {
      if (before === undefined) delete process.env.ISOLAB_STATE_DIR;
      else process.env.ISOLAB_STATE_DIR = before;
    }
  });
});

describe('the input ends while a question waits (Ctrl+D, a closed pipe)', () => {
  it('the question is rejected, not left waiting for ever; a question asked after the end is rejected at once', async () => {
    const rl = Object.assign(new EventEmitter(), { question: () => new Promise<string>(() => {}), closed: false });
    const waiting = askOrEnd(rl as never, 'Run this command? ');
    rl.closed = true;
    rl.emit('close');
    await expect(waiting).rejects.toThrow('the input has ended');
    await expect(askOrEnd(rl as never, 'Run this command? ')).rejects.toThrow('the input has ended');
    expect(rl.listenerCount('close')).toBe(0);
  });
});
