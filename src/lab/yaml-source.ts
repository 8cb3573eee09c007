import { LineCounter, parseDocument, isNode, type Document, type ErrorCode } from 'yaml';
import { msg, type Msg } from '../i18n/translate.js';

/**
 * YAML with positions: every value can be traced back to its line in the lab file,
 * so schema errors point at the exact line an author has to fix.
 */
export interface YamlSource {
  value: unknown;
  /** Line (in the lab file) of the value at `path`, or of its closest existing parent. */
  lineOf(path: readonly PropertyKey[]): number;
  /** `problem`: what is wrong, in the reader's words; `message`: the parser's own (English) detail. */
  errors: { line: number; problem: Msg; message: string }[];
}

/**
 * What the YAML parser's error means, said in the author's language: the parser only speaks English, so
 * its message may follow as a detail but never is the sentence.
 */
export function yamlProblem(code: ErrorCode | undefined, message: string): Msg {
  switch (code) {
    case 'BAD_INDENT':
      // "Flow sequence in block collection must be sufficiently indented and end with a ]"
      return msg(/end with a [\]}]/.test(message) ? 'lab.yaml.unclosed' : 'lab.yaml.indent');
    case 'MISSING_CHAR':
      return msg('lab.yaml.unclosed');
    case 'TAB_AS_INDENT':
      return msg('lab.yaml.tab');
    case 'DUPLICATE_KEY':
      return msg('lab.yaml.duplicateKey');
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return msg('lab.yaml.colon');
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
    case 'RESOURCE_EXHAUSTION':
      return msg('lab.yaml.alias');
    default:
      return msg('lab.yaml.unexpected');
  }
}

export function parseYamlSource(text: string, firstLine: number): YamlSource {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => firstLine + counter.linePos(offset).line - 1;
  const errors: YamlSource['errors'] = doc.errors.map((e) => {
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
    const at = counter.linePos(e.pos[0]).line;
    const quote = e.code === 'MISSING_CHAR' ? /^Missing closing (["'])quote/.exec(message)?.[1] : undefined;
    const line = quote ? firstLine + openedAt(text, at, quote) - 1 : lineAt(e.pos[0]);
    return { line, problem: yamlProblem(e.code, message), message };
  });
  let value: unknown;
  if (!errors.length) {
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (e) {
      // Undefined aliases and alias bombs are reported, not thrown.
      errors.push({ line: firstLine, problem: msg('lab.yaml.alias'), message: (e as Error).message.split('\n')[0]! });
    }
  }
  return {
    value,
    errors,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) return lineAt(node.range[0]);
        // A key without a value node (e.g. `checks:` with nothing after it): fall back to the parent.
      }
      return firstLine;
    },
  };
}

/**
 * The line where an unclosed quote opened. The parser reports it where the text ends (the block's
 * closing `-->`), which is not where the author has to look: the nearest line at or before that with
 * an odd count of that quote (escaped `\"` and doubled `''` aside) is. 1-based, within `text`.
 */
function openedAt(text: string, reported: number, quote: string): number {
  const lines = text.split('\n');
  const count = (l: string) => (quote === '"' ? l.replace(/\\./g, '') : l.replaceAll("''", '')).split(quote).length - 1;
  for (let n = Math.min(reported, lines.length); n >= 1; n--) if (count(lines[n - 1]!) % 2 === 1) return n;
  return reported;
}

/** Splits `---` front matter from the body. Lines are 1-based. */
export function splitFrontMatter(text: string): { yaml: string | undefined; yamlLine: number; body: string; bodyLine: number } {
  const normalized = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  if (!normalized.startsWith('---\n')) return { yaml: undefined, yamlLine: 1, body: normalized, bodyLine: 1 };
  const end = normalized.indexOf('\n---', 3);
  const close = end >= 0 ? /^\n---[ \t]*(\n|$)/.exec(normalized.slice(end)) : null;
  if (end < 0 || !close) return { yaml: normalized.slice(4), yamlLine: 2, body: '', bodyLine: -1 };
  const yaml = normalized.slice(4, end + 1);
  const bodyStart = end + close[0].length;
  const bodyLine = normalized.slice(0, bodyStart).split('\n').length;
  return { yaml, yamlLine: 2, body: normalized.slice(bodyStart), bodyLine };
}
