import { emitKeypressEvents } from 'node:readline';
import { createTranslator } from '../../i18n/translate.js';
import { TuiDriver, type DriverOptions, type TuiResult } from '../driver/driver.js';
import { commandOfKey, type KeyPress } from '../keys/bindings.js';
import { Narrator } from './narrator.js';
import { sayKeys } from './say.js';

interface LinearStreams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/** What node's readline reports for a key. */
interface NodeKey {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
  meta?: boolean;
}

/** A key as the bindings read it (keys/bindings.ts), from node's keypress. */
export function keyPressOf(str: string | undefined, key: NodeKey | undefined): { input: string; key: KeyPress } {
  const name = key?.name;
  const press: KeyPress = {
    upArrow: name === 'up',
    downArrow: name === 'down',
    leftArrow: name === 'left',
    rightArrow: name === 'right',
    pageUp: name === 'pageup',
    pageDown: name === 'pagedown',
    return: name === 'return' || name === 'enter',
    escape: name === 'escape',
    ctrl: !!key?.ctrl,
    meta: !!key?.meta,
  };
  const input = key?.ctrl ? (name ?? '') : press.return || press.escape ? '' : (str ?? '');
  return { input, key: press };
}

/**
 * The TUI for a screen reader: the same driver (and so the same controller, the same rules and the
 * same Session) as the ink view, but written as lines appended to the terminal, never a frame
 * redrawn. Keys are read raw, as in the ink view; `?` says the keys of the screen in words.
 */
export function runLinearTui(opts: DriverOptions, io: LinearStreams): Promise<TuiResult> {
  return new Promise((resolve) => {
    const narrator = new Narrator();
    let ended = false;
    const write = (lines: string[]) => {
      if (lines.length) io.stdout.write(`${lines.join('\n')}\n`);
    };
    const driver = new TuiDriver({
      ...opts,
      keepsWhatItSaid: true,
      onExit: (result) => {
        if (ended) return;
        ended = true;
        // The last view may have something to say (a notice); then the keyboard is given back.
        write(narrator.next(driver.snapshot()));
        stopKeys();
        unsubscribe();
        driver.dispose();
        opts.onExit?.(result);
        resolve(result);
      },
    });
    const speak = () => {
      write(narrator.next(driver.snapshot()));
      // Enter may run only the command the learner heard.
      driver.showed(narrator.heard.stepId, narrator.heard.code);
    };
    const unsubscribe = driver.subscribe(() => {
      if (!ended) speak();
    });
    const onKey = (str: string | undefined, key: NodeKey | undefined) => {
      const press = keyPressOf(str, key);
      const view = driver.snapshot();
      if (press.input === '?' && !press.key.ctrl) {
        write(sayKeys(view.context, view.footer, createTranslator(view.locale), view.readOnly || view.lab?.opened.mode.kind === 'read'));
        return;
      }
      const command = commandOfKey(view.context, press.input, press.key);
      if (command) driver.command(command);
    };
    const raw = io.stdin.isTTY;
    emitKeypressEvents(io.stdin);
    if (raw) io.stdin.setRawMode(true);
    io.stdin.on('keypress', onKey);
    io.stdin.resume();
    const stopKeys = () => {
      io.stdin.off('keypress', onKey);
      if (raw) io.stdin.setRawMode(false);
      io.stdin.pause();
    };
    speak();
    driver.start();
  });
}
