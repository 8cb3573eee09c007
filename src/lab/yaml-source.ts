import { LineCounter, parseDocument, isNode, type Document } from 'yaml';

/**
 * YAML with positions: every value can be traced back to its line in the lab file,
 * so schema errors point at the exact line an author has to fix.
 */
export interface YamlSource {
  value: unknown;
  /** Line (in the lab file) of the value at `path`, or of its closest existing parent. */
  lineOf(path: readonly PropertyKey[]): number;
  errors: { line: number; message: string }[];
}

export function parseYamlSource(text: string, firstLine: number): YamlSource {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => firstLine + counter.linePos(offset).line - 1;
  const errors = doc.errors.map((e) => ({
    line: lineAt(e.pos[0]),
    message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, ''),
  }));
  let value: unknown;
  if (!errors.length) {
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (e) {
      // Undefined aliases and alias bombs are reported, not thrown.
      errors.push({ line: firstLine, message: (e as Error).message.split('\n')[0]! });
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
