import stringWidth from 'string-width';
import { describe, expect, it, test } from 'vitest';
import { breakUrl, wrapLine } from '../../src/ui/render/wrap.js';

const strip = (s: string) => s.replace(/\u001B\[[0-9;]*m/g, '');

describe('wrapping Chinese text', () => {
  const zh = '以进程隔离方式启动一个容器，让它一直运行 ping，直到被停止为止。微软的文章使用的是 microsoft/windowsservercore 镜像。';

  it('fills each line instead of moving whole clauses, never over the width', () => {
    for (const width of [20, 30, 44, 80]) {
      const lines = wrapLine(zh, width);
      for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
      expect(lines.join('').replace(/ /g, '')).toBe(zh.replace(/ /g, ''));
      // Lines are filled: the 40-column first clause is broken between characters, not pushed whole.
      if (width < 40) expect(stringWidth(lines[0]!)).toBeGreaterThanOrEqual(width - 1);
    }
  });

  it('keeps Latin words whole and does not start a line with closing punctuation', () => {
    const lines = wrapLine(zh, 30);
    expect(lines.some((l) => l.includes('microsoft/windowsservercore'))).toBe(true);
    for (const l of lines.slice(1)) expect(l[0]).not.toMatch(/[，。、）]/);
  });

  it('does not end a line with opening punctuation (the recap on main: "runsc-sandbox（" then "PID …")', () => {
    // labs/zh-CN/hyperv-isolation.md, recap
    const recap =
      '沙箱容器中的 ping 在沙箱内是 PID 41406，主机看不到它：主机只能看到沙箱自己的进程 runsc-sandbox（PID 41383），就像对 Hyper-V 容器只能看到 vmwp 一样。';
    for (const width of [15, 24, 32, 48, 60, 96]) {
      const lines = wrapLine(recap, width);
      for (const l of lines) expect(l, `width ${width}`).not.toMatch(/[（“《(]$/);
      expect(lines.join('').replace(/ /g, '')).toBe(recap.replace(/ /g, ''));
    }
  });

  it('carries ANSI styles over a break', () => {
    const styled = `普通文字\u001B[1m加粗的一段很长很长很长很长的文字\u001B[22m结束`;
    const lines = wrapLine(styled, 16);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[1]!.startsWith('\u001B[1m')).toBe(true);
    expect(strip(lines.join(''))).toBe(strip(styled));
  });

  it('breaks where a styled Latin word meets Chinese, never inside the word (code in colour: "--isolation=hyper" then "v（…")', () => {
    const code = (s: string) => `\u001B[33m${s}\u001B[39m`;
    expect(wrapLine(`${code('--isolation=hyperv')}（实用工具虚拟机）`, 19).map(strip)).toEqual([
      '--isolation=hyperv',
      '（实用工具虚拟机）',
    ]);
    expect(wrapLine(`${code('Get-Process')}（PowerShell）`, 19).map(strip)).toEqual(['Get-Process', '（PowerShell）']);
    expect(wrapLine(`see ${code('docker top')} 在主机上`, 8).map(strip)).toEqual(['see', 'docker', 'top 在主', '机上']);
  });

  it('leaves a line that fits alone', () => {
    expect(wrapLine('short line', 80)).toEqual(['short line']);
  });
});

describe('where a line may start', () => {
  const starts = (lines: string[]) => lines.slice(1).map((l) => strip(l).replace(/\u001B\]8;[^\u001B]*\u001B\\/g, '')[0]);

  it('never with a space, a no-break space or closing punctuation, French included', () => {
    const fr = 'Ouvrez la liste des conteneurs (docker ps) : elle montre le conteneur isolab-proc ; puis lancez docker top ) : voilà.';
    for (const width of [12, 17, 23, 31, 40]) {
      for (const c of starts(wrapLine(fr, width))) expect(c, `width ${width}`).not.toMatch(/[ \u00A0,.;:!?)\]»]/);
    }
  });

  it('never breaks next to a no-break space (French puts one before the colon)', () => {
    const fr = 'La commande affiche ceci\u00A0: une ligne par processus\u00A0; chaque ligne a son PID.';
    for (const width of [20, 24, 26, 30]) {
      const lines = wrapLine(fr, width);
      for (const l of lines) expect(l.startsWith('\u00A0')).toBe(false);
      expect(lines.every((l) => !l.endsWith('ceci') && !l.endsWith('processus'))).toBe(true);
    }
  });

  it('keeps an OSC 8 hyperlink whole: a wrapped link is closed at the line end and opened again', () => {
    const open = '\u001B]8;;https://learn.microsoft.com/virtualization\u001B\\';
    const close = '\u001B]8;;\u001B\\';
    const text = `Read ${open}the Microsoft article about isolation modes${close} before you start.`;
    const lines = wrapLine(text, 20);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) {
      // Every line's link sequences are whole and balanced.
      const opens = l.split(open).length - 1;
      const closes = l.split(close).length - 1;
      expect(opens, l).toBe(closes);
      for (const piece of strip(l)
        .replace(/\u001B\]8;;[^\u001B]*\u001B\\/g, '')
        .split(''))
        expect(piece).not.toBe('\u001B');
      expect(stringWidth(l)).toBeLessThanOrEqual(20);
    }
  });
});

describe('a word that ends exactly at the edge', () => {
  it('stays on its line, and the next line does not start with the space after it', () => {
    expect(wrapLine('abcd efgh ijk', 9)).toEqual(['abcd efgh', 'ijk']);
    expect(wrapLine('List the processes of a container, seen from a host, then list them again.', 52)).toEqual([
      'List the processes of a container, seen from a host,',
      'then list them again.',
    ]);
  });
  it('drops spaces past the edge at the end of the text', () => {
    expect(wrapLine('abcd efgh    ', 9)).toEqual(['abcd efgh']);
  });
});

test('a link too long for the line breaks after a slash, not at a hyphen ("manage-" / "containers/…" read as a word cut in two)', () => {
  const url = 'https://learn.microsoft.com/virtualization/windowscontainers/manage-containers/hyperv-container';
  const lines = breakUrl(url, 76);
  expect(lines.join('')).toBe(url);
  for (const l of lines.slice(0, -1)) expect(l.endsWith('/'), l).toBe(true);
  // Without a slash to break at, a hyphen is still better than the middle of a word.
  expect(breakUrl('https://x/aaaa-bbbb-cccc-dddd', 20)).toEqual(['https://x/', 'aaaa-bbbb-cccc-dddd']);
});
