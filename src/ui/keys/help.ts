import { RUN_COMMANDS, type Command } from './bindings.js';

/**
 * The help's words, for the full screen's `?` and the screen reader's alike. In a lab opened for
 * reading nothing runs: r and s are left out, Enter reads on, leaving keeps nothing running (nothing
 * was created), and the closing line says nothing runs here, never "nothing runs until you press Enter".
 */
const READ_ONLY_WORDS: ReadonlySet<Command> = new Set<Command>(['run', 'back', 'quit', 'interrupt']);

/** Whether `?` lists the key: the run keys (but Enter, which reads on) not in a lab opened for reading. */
export function inHelp(command: Command, context: 'home' | 'lab', readOnly: boolean): boolean {
  return !(readOnly && context === 'lab' && command !== 'run' && RUN_COMMANDS.includes(command));
}

/** The catalog key of what a key does, as the help says it. */
export function helpWordKey(command: Command, context: 'home' | 'lab', readOnly: boolean): string {
  return readOnly && context === 'lab' && READ_ONLY_WORDS.has(command)
    ? `ui.help.lab.readOnly.${command}`
    : `ui.help.${context}.${command}`;
}

/** The help's closing line on what runs. */
export function helpSafetyKey(readOnly: boolean): string {
  return readOnly ? 'ui.help.safetyReadOnly' : 'ui.help.safety';
}
