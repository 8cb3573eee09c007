import { durationMsg, msg, type Msg } from '../../i18n/translate.js';
import type { Shell } from '../../lab/model.js';
import type { ControllerEvent, ControllerState } from '../controller.js';
import { shellName } from '../editions.js';
import { shellCheckNotice } from './notices.js';

/**
 * Another shell's edition is checked the first time it is opened (pwsh alone takes seconds to
 * start): said when it starts and when it ends, in words, never with an animation. The line about
 * checking this machine replaces the last one of the shell switch's notice.
 */
export function startShellCheck(o: { controller(): ControllerState; send(event: ControllerEvent): void }, shell: Shell): () => void {
  const name = shellName(shell);
  const since = Date.now();
  const say = (line: Msg) => o.send({ type: 'notify', notice: shellCheckNotice(o.controller().notice, line) });
  say(msg('ui.shell.checking', { shell: name }));
  /** The check is done: said with how long it took. */
  return () => say(msg('ui.shell.checked', { shell: name, duration: durationMsg(Date.now() - since) }));
}
