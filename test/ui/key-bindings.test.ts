import { describe, expect, test } from 'vitest';
import { BINDINGS, commandOfKey, CONTEXTS, keyPresses, keysLabel, type KeyPress } from '../../src/ui/keys/bindings.js';

const none: KeyPress = {
  upArrow: false,
  downArrow: false,
  pageUp: false,
  pageDown: false,
  return: false,
  escape: false,
  ctrl: false,
  meta: false,
};
const press = (input: string, key: Partial<KeyPress> = {}) => [input, { ...none, ...key }] as const;
const t = (k: string) =>
  ({
    'ui.keyName.enter': 'Enter',
    'ui.keyName.escape': 'Esc',
    'ui.keyName.space': 'Space',
    'ui.keyName.pageUp': 'PgUp',
    'ui.keyName.pageDown': 'PgDn',
    'ui.keyName.ctrl': 'Ctrl',
  })[k] ?? k;

describe('key bindings', () => {
  test('arrows and n/p move in both the lab list and a lab', () => {
    for (const context of ['home', 'lab'] as const) {
      expect(commandOfKey(context, ...press('', { upArrow: true }))).toBe('up');
      expect(commandOfKey(context, ...press('p'))).toBe('up');
      expect(commandOfKey(context, ...press('', { downArrow: true }))).toBe('down');
      expect(commandOfKey(context, ...press('n'))).toBe('down');
    }
  });

  test('an Enter typed while the terminal was still in line mode (a line feed) is Enter, never lost', () => {
    expect(commandOfKey('home', ...press('\n'))).toBe('open');
  });

  test('Enter opens on the lab list, runs in a lab, resumes on the resume question', () => {
    expect(commandOfKey('home', ...press('', { return: true }))).toBe('open');
    expect(commandOfKey('lab', ...press('', { return: true }))).toBe('run');
    expect(commandOfKey('resumePrompt', ...press('', { return: true }))).toBe('resume');
  });

  test('lab keys: r re-runs, s skips, h hints, l language, ? help, q quits, Esc goes back', () => {
    expect(['r', 's', 'h', 'l', '?', 'q'].map((k) => commandOfKey('lab', ...press(k)))).toEqual([
      'rerun',
      'skip',
      'hint',
      'language',
      'help',
      'quit',
    ]);
    expect(commandOfKey('lab', ...press('', { escape: true }))).toBe('back');
    expect(commandOfKey('lab', ...press(' '))).toBe('scrollDown');
    expect(commandOfKey('lab', ...press('b'))).toBe('scrollUp');
  });

  test('e switches the shell in a lab, on the resume question and on the end screen; it does nothing on the lab list', () => {
    for (const context of ['lab', 'resumePrompt', 'end'] as const) expect(commandOfKey(context, ...press('e'))).toBe('shell');
    expect(commandOfKey('home', ...press('e'))).toBeUndefined();
    expect(commandOfKey('busy', ...press('e'))).toBeUndefined();
  });

  test('no key means two commands in one context', () => {
    for (const [context, commands] of Object.entries(CONTEXTS)) {
      const chars = (commands as readonly (keyof typeof BINDINGS)[]).flatMap((c) =>
        BINDINGS[c].flatMap((k) => ('char' in k ? [`${k.ctrl ? '^' : ''}${k.char}`] : [])),
      );
      expect(new Set(chars).size, context).toBe(chars.length);
    }
  });

  test('PgDn / PgUp (j / k) scroll the verdicts and output; o opens the whole output', () => {
    expect(commandOfKey('lab', ...press('', { pageDown: true }))).toBe('resultsDown');
    expect(commandOfKey('lab', ...press('', { pageUp: true }))).toBe('resultsUp');
    expect(commandOfKey('lab', ...press('j'))).toBe('resultsDown');
    expect(commandOfKey('lab', ...press('k'))).toBe('resultsUp');
    expect(commandOfKey('lab', ...press('o'))).toBe('output');
    expect(commandOfKey('viewer', ...press('', { rightArrow: true }))).toBe('right');
  });

  test('leaving a lab: Enter keeps, x removes, Esc stays; nothing else removes', () => {
    expect(commandOfKey('leaving', ...press('', { return: true }))).toBe('keep');
    expect(commandOfKey('leaving', ...press('x'))).toBe('remove');
    expect(commandOfKey('leaving', ...press('', { escape: true }))).toBe('stay');
    expect(commandOfKey('lab', ...press('x'))).toBeUndefined();
  });

  test('Ctrl+C is its own command everywhere, and never the plain letter c', () => {
    for (const context of Object.keys(CONTEXTS) as (keyof typeof CONTEXTS)[]) {
      expect(commandOfKey(context, ...press('c', { ctrl: true }))).toBe('interrupt');
    }
    expect(commandOfKey('lab', ...press('c'))).toBeUndefined();
    expect(commandOfKey('lab', ...press('q', { ctrl: true }))).toBeUndefined();
  });

  test('while pausing or removing, only Ctrl+C does anything', () => {
    expect(commandOfKey('busy', ...press('q'))).toBeUndefined();
    expect(commandOfKey('busy', ...press('', { return: true }))).toBeUndefined();
  });

  test("a lab's keys do nothing on the resume question, so Enter cannot run a step there", () => {
    expect(commandOfKey('resumePrompt', ...press('r'))).toBeUndefined();
    expect(commandOfKey('resumePrompt', ...press('s'))).toBeUndefined();
  });

  test('labels for the help', () => {
    expect(keysLabel('up', t)).toBe('↑ / p');
    expect(keysLabel('scrollDown', t)).toBe('Space');
    expect(keysLabel('resultsDown', t)).toBe('PgDn / j');
    expect(keysLabel('interrupt', t)).toBe('Ctrl+C');
    expect(keysLabel('run', t)).toBe('Enter');
  });

  test('every command has at least one key', () => {
    for (const specs of Object.values(BINDINGS)) expect(specs.length).toBeGreaterThan(0);
  });
});

describe('keys that arrive together', () => {
  const commands = (input: string, key: Partial<KeyPress> = {}) =>
    keyPresses(input, { ...none, ...key }).map((p) => commandOfKey('lab', p.input, p.key));
  test('a burst of letters is one press per letter, Enter included', () => {
    expect(commands('nn')).toEqual(['down', 'down']);
    expect(commands('n\r')).toEqual(['down', 'run']);
    expect(commands('h')).toEqual(['hint']);
  });
  test('a pasted line means nothing: it never quits or skips', () => {
    expect(commands('ls -q /tmp')).toEqual([]);
  });
  test('an escape sequence or a Ctrl key is left whole', () => {
    expect(keyPresses('\u001b[B', { ...none, downArrow: true })).toHaveLength(1);
    expect(commands('c', { ctrl: true })).toEqual(['interrupt']);
  });
});
