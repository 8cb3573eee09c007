import { stripVTControlCharacters } from 'node:util';
import { Marked, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import { trimTrailingBlank } from './text.js';

/**
 * A step's prose, rendered for the terminal at a given width. Lab prose is Markdown written for a
 * docs site: paragraphs are reflowed to the pane, lists and tables drawn with characters. Without
 * colour the ANSI styling is stripped and inline code keeps its backticks, so it still stands out.
 */
export function renderMarkdown(markdown: string, width: number, color: boolean): string[] {
  const key = `${color ? 1 : 0}:${width}:${markdown}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const text = String(parserFor(width, color).parse(markdown.trim()));
  const lines = trimTrailingBlank((color ? text : stripVTControlCharacters(text)).split('\n'));
  if (cache.size > 200) cache.clear();
  cache.set(key, lines);
  return lines;
}

const cache = new Map<string, string[]>();
const parsers = new Map<string, Marked>();

function parserFor(width: number, color: boolean): Marked {
  const key = `${color ? 1 : 0}:${width}`;
  let parser = parsers.get(key);
  if (!parser) {
    parser = new Marked(
      markedTerminal({ width: Math.max(20, width), reflowText: true, emoji: false, tab: 2, ...(color ? {} : { codespan: (s: string) => `\`${s}\`` }) }),
      {
        renderer: {
          // marked-terminal prints a tight list item's text raw (**bold** stays literal with marked ≥ 13):
          // render its inline tokens instead, and let marked-terminal handle every other text token.
          text(token: Tokens.Text | Tokens.Escape) {
            return 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
          },
        },
      },
    );
    parsers.set(key, parser);
  }
  return parser;
}
