import { describe, expect, it } from 'vitest';
import { stepAnswer } from '../../src/cli/answer.js';

describe('the answer to "Run this command?" in an attended run', () => {
  it('runs on Enter and on yes in each language: "sí" never skips a step', () => {
    for (const yes of ['', 'y', 'Yes', 'sí', 'si', 'o', 'oui', '是']) expect(stepAnswer(yes), yes).toBe('run');
  });
  it('skips and quits on the letters the prompt names', () => {
    expect(stepAnswer('s')).toBe('skip');
    expect(stepAnswer(' S ')).toBe('skip');
    expect(stepAnswer('q')).toBe('quit');
    expect(stepAnswer('salir')).toBe('quit');
  });
  it('asks again on anything else rather than guess', () => {
    expect(stepAnswer('sure')).toBeUndefined();
    expect(stepAnswer('stop')).toBeUndefined();
  });
});
