/**
 * Key bindings as plain data, and a pure matcher. Components never compare key codes themselves:
 * they ask which command a key press means in the current context. The help screen is generated
 * from this table, so a key cannot exist without being listed.
 */

/** The subset of ink's Key this module reads (ink's Key is assignable to it). */
export interface KeyPress {
  upArrow: boolean;
  downArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  meta: boolean;
}

export type Command =
  | 'up' | 'down' | 'open' | 'run' | 'rerun' | 'skip' | 'hint' | 'scrollDown' | 'scrollUp'
  | 'language' | 'help' | 'back' | 'quit' | 'interrupt' | 'resume' | 'fresh';

type NamedKey = 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'return' | 'escape';

/** One way to type a command: a named key, or a character (optionally with Ctrl). */
export type KeySpec = { key: NamedKey } | { char: string; ctrl?: boolean };

export const BINDINGS: Record<Command, readonly KeySpec[]> = {
  up: [{ key: 'upArrow' }, { char: 'p' }],
  down: [{ key: 'downArrow' }, { char: 'n' }],
  open: [{ key: 'return' }],
  run: [{ key: 'return' }],
  rerun: [{ char: 'r' }],
  skip: [{ char: 's' }],
  hint: [{ char: 'h' }],
  scrollDown: [{ char: ' ' }, { key: 'pageDown' }],
  scrollUp: [{ char: 'b' }, { key: 'pageUp' }],
  language: [{ char: 'l' }],
  help: [{ char: '?' }],
  back: [{ key: 'escape' }],
  quit: [{ char: 'q' }],
  interrupt: [{ char: 'c', ctrl: true }],
  resume: [{ key: 'return' }, { char: 'y' }],
  fresh: [{ char: 'f' }],
};

/** Which commands each screen listens to, in the order the help lists them. */
export const CONTEXTS = {
  home: ['up', 'down', 'open', 'language', 'help', 'quit', 'interrupt'],
  lab: ['up', 'down', 'run', 'rerun', 'skip', 'hint', 'scrollDown', 'scrollUp', 'language', 'help', 'back', 'quit', 'interrupt'],
  resumePrompt: ['resume', 'fresh', 'back', 'quit', 'interrupt'],
  help: ['help', 'back', 'quit', 'interrupt'],
  quitting: ['interrupt'],
} as const satisfies Record<string, readonly Command[]>;

export type KeyContext = keyof typeof CONTEXTS;

export function matchesSpec(spec: KeySpec, input: string, key: KeyPress): boolean {
  if ('key' in spec) return key[spec.key];
  if (!!spec.ctrl !== key.ctrl || key.meta) return false;
  return input === spec.char || (!!spec.ctrl && input.toLowerCase() === spec.char);
}

/** The command a key press means in a context, or undefined. */
export function commandFor(context: KeyContext, input: string, key: KeyPress): Command | undefined {
  for (const command of CONTEXTS[context] as readonly Command[]) {
    if (BINDINGS[command].some((spec) => matchesSpec(spec, input, key))) return command;
  }
  return undefined;
}

/** How a key is written in the help and the footer; words are message keys so they can be translated. */
export function keyLabel(spec: KeySpec, t: (key: string) => string): string {
  if ('key' in spec) {
    switch (spec.key) {
      case 'upArrow': return '↑';
      case 'downArrow': return '↓';
      case 'pageUp': return t('ui.keyName.pageUp');
      case 'pageDown': return t('ui.keyName.pageDown');
      case 'return': return t('ui.keyName.enter');
      case 'escape': return t('ui.keyName.escape');
    }
  }
  if (spec.char === ' ') return t('ui.keyName.space');
  return spec.ctrl ? `${t('ui.keyName.ctrl')}+${spec.char.toUpperCase()}` : spec.char;
}

export function keysLabel(command: Command, t: (key: string) => string): string {
  return BINDINGS[command].map((s) => keyLabel(s, t)).join(' / ');
}
