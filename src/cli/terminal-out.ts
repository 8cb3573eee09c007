import type { Interface } from 'node:readline/promises';
import { displayWidth, wrapConsoleLine } from '../ui/render/wrap.js';

const STYLES = /\u001B\[[0-9;]*m/g;

/**
 * The stream a command prints its lines to: on a terminal, each whole line is wrapped to the terminal's
 * width as the TUI wraps (wrapConsoleLine), read again at each write so a resized window is followed;
 * left to the terminal, a long line broke mid-word and went on at the left edge. Piped or redirected
 * output is the stream itself: a log keeps one line per line. What does not end a line yet (a prompt)
 * is written as it is.
 */
export function wrappedToTerminal(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!stream.isTTY) return stream;
  let atLineStart = true;
  const wrap = (text: string): string => {
    const columns = stream.columns;
    if (!columns) return text;
    const parts = text.split('\n');
    const out = parts.map((part, i) => {
      const whole = i < parts.length - 1;
      const wrapped = whole && atLineStart ? wrapConsoleLine(part, columns).join('\n') : part;
      // A style closed after the newline (c.dim('…\n')) leaves the next line at its start.
      atLineStart = whole || (atLineStart && part.replace(STYLES, '') === '');
      return wrapped;
    });
    return out.join('\n');
  };
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write')
        return (chunk: unknown, ...rest: unknown[]) =>
          Reflect.apply(target.write, target, [typeof chunk === 'string' ? wrap(chunk) : chunk, ...rest]);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * A question as it is asked on a terminal of `stream`'s width: wrapped as printed lines are, its last
 * line the prompt, with the question's trailing space. readline keeps its prompt on one line it redraws,
 * so a longer question was cut by the terminal mid-word ("conservar lo que c" / "ree…"). One column is
 * left for the cursor. Piped output, or a terminal of unknown width, gets the question as it is.
 */
export function questionLines(question: string, stream: NodeJS.WritableStream): string[] {
  const { isTTY, columns } = stream as NodeJS.WriteStream;
  if (!isTTY || !columns) return [question];
  const text = question.trimEnd();
  const end = question.slice(text.length);
  const lines = wrapConsoleLine(text, Math.max(columns - displayWidth(end) - 1, 10));
  lines[lines.length - 1] += end;
  return lines;
}

/** Asks `question` with readline, wrapped to the terminal: every line but the last printed, the last the prompt. */
export function askWrapped(rl: Asker, out: NodeJS.WritableStream, question: string, signal?: AbortSignal): Promise<string> {
  const lines = questionLines(question, out);
  const prompt = lines.pop()!;
  if (lines.length) out.write(`${lines.join('\n')}\n`);
  return askOrEnd(rl, prompt, signal);
}

type Asker = Pick<Interface, 'question' | 'once' | 'off'> & { readonly closed?: boolean };

/**
 * readline's question, rejected when the input ends (Ctrl+D, a closed pipe): without a terminal,
 * readline leaves the question waiting on a closed input for ever, and isolab ended there ("unsettled
 * top-level await", exit 13) with no word and, mid-run, without the cleanup agreed to.
 */
export function askOrEnd(rl: Asker, prompt: string, signal?: AbortSignal): Promise<string> {
  if (rl.closed) return Promise.reject(new Error('the input has ended'));
  let onClose = () => {};
  const ended = new Promise<never>((_, reject) => {
    onClose = () => reject(new Error('the input has ended'));
    rl.once('close', onClose);
  });
  const asked = signal ? rl.question(prompt, { signal }) : rl.question(prompt);
  return Promise.race([asked, ended]).finally(() => rl.off('close', onClose));
}
