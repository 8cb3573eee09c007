import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapLine } from '../../src/ui/render/wrap.js';

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

  it('carries ANSI styles over a break', () => {
    const styled = `普通文字\u001B[1m加粗的一段很长很长很长很长的文字\u001B[22m结束`;
    const lines = wrapLine(styled, 16);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[1]!.startsWith('\u001B[1m')).toBe(true);
    expect(strip(lines.join(''))).toBe(strip(styled));
  });

  it('leaves a line that fits alone', () => {
    expect(wrapLine('short line', 80)).toEqual(['short line']);
  });
});
