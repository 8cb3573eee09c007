/**
 * Key bindings as plain data, and a pure matcher. Components never compare key codes themselves:
 * they ask which command a key press means in the current context. The help screen is generated
 * from this table, so a key cannot exist without being listed.
 */

/** The subset of ink's Key this module reads (ink's Key is assignable to it). */
export interface KeyPress {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp: boolean;
  pageDown: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  meta: boolean;
}

export type Command =
  | 'up'
  | 'down'
  | 'open'
  | 'run'
  | 'rerun'
  | 'skip'
  | 'hint'
  | 'scrollDown'
  | 'scrollUp'
  | 'commandDown'
  | 'language'
  | 'help'
  | 'back'
  | 'quit'
  | 'interrupt'
  | 'resume'
  | 'fresh'
  | 'resultsDown'
  | 'resultsUp'
  | 'output'
  | 'left'
  | 'right'
  | 'keep'
  | 'remove'
  | 'stay'
  | 'labs'
  | 'shell';

type NamedKey = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'return' | 'escape';

/** One way to type a command: a named key, or a character (optionally with Ctrl). */
type KeySpec = { key: NamedKey } | { char: string; ctrl?: boolean };

export const BINDINGS: Record<Command, readonly KeySpec[]> = {
  up: [{ key: 'upArrow' }, { char: 'p' }],
  down: [{ key: 'downArrow' }, { char: 'n' }],
  open: [{ key: 'return' }],
  run: [{ key: 'return' }],
  rerun: [{ char: 'r' }],
  skip: [{ char: 's' }],
  hint: [{ char: 'h' }],
  scrollDown: [{ char: ' ' }],
  scrollUp: [{ char: 'b' }],
  /** m for more of the command (plain c is never a key: it is too near Ctrl+C): the next page of a command taller than its box, then back to its top. */
  commandDown: [{ char: 'm' }],
  resultsDown: [{ key: 'pageDown' }, { char: 'j' }],
  resultsUp: [{ key: 'pageUp' }, { char: 'k' }],
  output: [{ char: 'o' }],
  left: [{ key: 'leftArrow' }],
  right: [{ key: 'rightArrow' }],
  keep: [{ key: 'return' }],
  remove: [{ char: 'x' }],
  stay: [{ key: 'escape' }],
  labs: [{ key: 'return' }],
  language: [{ char: 'l' }],
  /** e for edition: the same lab in its other shell (sh ⇄ PowerShell on Linux). */
  shell: [{ char: 'e' }],
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
  lab: [
    'up',
    'down',
    'run',
    'rerun',
    'skip',
    'hint',
    'scrollDown',
    'scrollUp',
    'commandDown',
    'resultsDown',
    'resultsUp',
    'output',
    'language',
    'shell',
    'help',
    'back',
    'quit',
    'interrupt',
  ],
  resumePrompt: ['resume', 'fresh', 'shell', 'back', 'quit', 'interrupt'],
  /** The keys of the screen the learner came from; PgDn / PgUp scroll a help longer than the screen. */
  help: ['help', 'back', 'resultsDown', 'resultsUp', 'quit', 'interrupt'],
  /** The step's whole output, scrolled both ways. */
  viewer: ['up', 'down', 'left', 'right', 'scrollDown', 'scrollUp', 'output', 'back', 'quit', 'interrupt'],
  /** Leaving a lab that keeps something running: keep it, remove it (the commands are shown), or stay. */
  leaving: ['keep', 'remove', 'stay', 'quit', 'interrupt'],
  /** The end of the lab: the recap, and the offer to remove what it created. */
  end: ['labs', 'remove', 'resultsDown', 'resultsUp', 'back', 'language', 'shell', 'quit', 'interrupt'],
  /** Something is being stopped or removed: only Ctrl+C (leave at once) works. */
  busy: ['interrupt'],
} as const satisfies Record<string, readonly Command[]>;

export type KeyContext = keyof typeof CONTEXTS;

/**
 * The footer names the keys a learner needs next; ? lists them all. What each context leaves out of
 * the footer, as data (the help lists everything, except what cannot work in a read-only lab).
 */
export const FOOTER_HIDDEN: Partial<Record<KeyContext, readonly Command[]>> = {
  lab: ['rerun', 'scrollUp', 'scrollDown', 'commandDown', 'resultsUp', 'back', 'interrupt'],
  end: ['resultsUp'],
  help: ['resultsUp'],
  viewer: ['down', 'right', 'scrollUp', 'scrollDown', 'output', 'quit', 'interrupt'],
};

/**
 * Keys that scroll a region of the step screen: left out of the footer while everything in their
 * region fits, named there as soon as something is hidden (see controller footerOf).
 */
export const SCROLL_COMMANDS = { scrollDown: 'prose', commandDown: 'command', resultsDown: 'results' } as const satisfies Partial<
  Record<Command, string>
>;

/** Offered only in a lab with more than one shell on this platform (see controller footerOf, HelpView). */
export const EDITION_COMMANDS: readonly Command[] = ['shell'];

/** Commands that run or change a step: neither offered nor listed where nothing can run (read-only, busy). */
export const RUN_COMMANDS: readonly Command[] = ['run', 'rerun', 'skip'];

/**
 * The footer's word for a command when it depends on the selected step: Enter runs a step that has not
 * run, and moves on from one that ran or was skipped (on the last step it ends the lab).
 */
export const FOOTER_WORDS: Partial<Record<Command, Partial<Record<'toRun' | 'ran' | 'last', string>>>> = {
  run: { toRun: 'ui.footer.run', ran: 'ui.footer.next', last: 'ui.footer.finish' },
  rerun: { toRun: 'ui.footer.run', ran: 'ui.footer.rerun' },
};

function matchesSpec(spec: KeySpec, input: string, key: KeyPress): boolean {
  // An Enter typed before the UI took the terminal out of line mode arrives as a line feed.
  if ('key' in spec) return !!key[spec.key] || (spec.key === 'return' && input === '\n' && !key.meta);
  if (!!spec.ctrl !== key.ctrl || key.meta) return false;
  return input === spec.char || (!!spec.ctrl && input.toLowerCase() === spec.char);
}

/** The command a key press means in a context, or undefined. */
export function commandOfKey(context: KeyContext, input: string, key: KeyPress): Command | undefined {
  for (const command of CONTEXTS[context] as readonly Command[]) {
    if (BINDINGS[command].some((spec) => matchesSpec(spec, input, key))) return command;
  }
  return undefined;
}

const ARROW_SYMBOLS: Record<string, string> = { upArrow: '↑', downArrow: '↓', leftArrow: '←', rightArrow: '→' };

/**
 * How a key is written in the help and the footer; words are message keys so they can be translated.
 * `arrows: 'words'` names the arrows instead (the screen-reader mode: a synthesizer reads "↓" as
 * "downwards arrow" or not at all).
 */
export function keyLabel(spec: KeySpec, t: (key: string) => string, arrows: 'symbols' | 'words' = 'symbols'): string {
  if ('key' in spec) {
    switch (spec.key) {
      case 'upArrow':
      case 'downArrow':
      case 'leftArrow':
      case 'rightArrow':
        return arrows === 'words' ? t(`sr.key.${spec.key.replace('Arrow', '')}`) : ARROW_SYMBOLS[spec.key]!;
      case 'pageUp':
        return t('ui.keyName.pageUp');
      case 'pageDown':
        return t('ui.keyName.pageDown');
      case 'return':
        return t('ui.keyName.enter');
      case 'escape':
        return t('ui.keyName.escape');
    }
  }
  if (spec.char === ' ') return t('ui.keyName.space');
  return spec.ctrl ? `${t('ui.keyName.ctrl')}+${spec.char.toUpperCase()}` : spec.char;
}

export function keysLabel(command: Command, t: (key: string) => string): string {
  return BINDINGS[command].map((s) => keyLabel(s, t)).join(' / ');
}

/**
 * Keys typed faster than the terminal is read (a slow SSH link, tmux send-keys) arrive as one input:
 * "nn", "n\r". Each character is then one press, in order. A longer run of plain text is a paste, not
 * keys: it means nothing, so a pasted command line never quits, skips or switches anything.
 */
const MAX_KEY_BURST = 3;

export function keyPresses(input: string, key: KeyPress): { input: string; key: KeyPress }[] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta || input.includes('\u001b')) return [{ input, key }];
  if (chars.length > MAX_KEY_BURST) return [];
  const plain: KeyPress = {
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageUp: false,
    pageDown: false,
    return: false,
    escape: false,
    ctrl: false,
    meta: false,
  };
  return chars.map((ch) => (ch === '\r' ? { input: '', key: { ...plain, return: true } } : { input: ch, key: plain }));
}
