import { stripVTControlCharacters } from 'node:util';
import { Marked, type Tokens } from 'marked';
import { renderTable } from './md-table.js';
import { trimTrailingBlank } from './text.js';
import { hasCjk, wrapHanging } from './wrap.js';

/**
 * A step's prose, rendered for the terminal at a given width. Lab prose is Markdown written for a
 * docs site: paragraphs are reflowed to the pane, lists and tables drawn with characters. Without
 * colour the ANSI styling is stripped and inline code keeps its backticks, so it still stands out.
 *
 * marked-terminal (with its syntax highlighter) is the slowest thing to load after ink, and the lab
 * list does not need it: it is loaded after the first screen is up (`loadMarkdown`). Until then prose
 * is shown as written.
 */
export function renderMarkdown(markdown: string, width: number, color: boolean): string[] {
  if (!terminalRenderer) return trimTrailingBlank(markdown.trim().split('\n'));
  const key = `${color ? 1 : 0}:${width}:${markdown}`;
  const hit = cache.get(key);
  if (hit) return hit;
  // Chinese prose is wrapped by us, between characters; marked-terminal only breaks at spaces.
  const cjk = hasCjk(markdown);
  const text = String(parserFor(width, color, !cjk).parse(markdown.trim()));
  let lines = trimTrailingBlank((color ? text : stripVTControlCharacters(text)).split('\n'));
  // marked-terminal leaves list items (and Chinese) unwrapped: wrapped here, hanging under the item's text.
  lines = lines.flatMap((l) => wrapHanging(l, Math.max(20, width)));
  if (cache.size > 200) cache.clear();
  cache.set(key, lines);
  return lines;
}

type MarkedTerminal = typeof import('marked-terminal').markedTerminal;
let terminalRenderer: MarkedTerminal | undefined;
let loading: Promise<void> | undefined;

export function loadMarkdown(): Promise<void> {
  loading ??= import('marked-terminal').then((m) => {
    terminalRenderer = m.markedTerminal;
  });
  return loading;
}

export function markdownLoaded(): boolean {
  return !!terminalRenderer;
}

const cache = new Map<string, string[]>();

/**
 * A soft line break inside inline text, as a paragraph's: a space between words, nothing between two
 * Chinese characters (a space there would show). A hard break (two spaces or a backslash) is its own
 * token and stays.
 */
function joinSoftBreaks(tokens: Tokens.Generic[]): Tokens.Generic[] {
  return tokens.map((t) => {
    if (t.tokens) return { ...t, tokens: joinSoftBreaks(t.tokens) };
    if ((t.type === 'text' || t.type === 'codespan') && typeof t.text === 'string' && t.text.includes('\n'))
      return {
        ...t,
        text: t.text.replace(/(.?)\n\s*(.?)/gu, (_m, a: string, b: string) => (hasCjk(a) && hasCjk(b) ? a + b : `${a} ${b}`)),
      };
    return t;
  });
}
const parsers = new Map<string, Marked>();

function parserFor(width: number, color: boolean, reflow = true): Marked {
  const key = `${color ? 1 : 0}:${width}:${reflow ? 1 : 0}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = new Marked(
      terminalRenderer!({
        width: Math.max(20, width),
        reflowText: reflow,
        emoji: false,
        tab: 2,
        ...(color ? {} : { codespan: (s: string) => `\`${s}\`` }),
      }),
      {
        renderer: {
          // marked-terminal prints a tight list item's text raw (**bold** stays literal with marked ≥ 13):
          // render its inline tokens instead, and let marked-terminal handle every other text token.
          // Its line breaks are the author's editor's (soft breaks): joined, so the item is reflowed as
          // one paragraph rather than broken where the lab file broke it.
          text(token: Tokens.Text | Tokens.Escape) {
            return 'tokens' in token && token.tokens ? this.parser.parseInline(joinSoftBreaks(token.tokens)) : false;
          },
          // A table fitted to the pane (columns that wrap inside, or a list per row): marked-terminal
          // draws it at its natural width, and the wrap that follows would break its rows mid-cell.
          table(token: Tokens.Table) {
            const cell = (c: Tokens.TableCell) => this.parser.parseInline(c.tokens);
            const lines = renderTable(
              token.header.map(cell),
              token.rows.map((r) => r.map(cell)),
              Math.max(20, width),
            );
            return `${lines.join('\n')}\n\n`;
          },
        },
      },
    );
    parsers.set(key, parser);
  }
  return parser;
}
