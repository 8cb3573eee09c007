/**
 * The text of a lab file a reader reads as prose, as blocks with their first line number:
 * paragraphs, headings, list items, table rows and hints; the front matter's title, summary, recap
 * and notes; the verdicts of annotations. Never code blocks (commands and example output are the
 * shell's text, copied byte for byte), other HTML comments, or YAML keys and ids. A paragraph
 * wrapped over several lines is one block (a Spanish question opens on one line and closes on the
 * next), so a rule sees the sentence and still points at the line to edit.
 */
export interface ProseBlock {
  /** The line the block starts on; its later lines follow one per `\n` in `text`. */
  line: number;
  text: string;
}

/** YAML keys whose values are prose: in the front matter, and in step annotations. */
const FRONT_MATTER_PROSE = new Set(['title', 'summary', 'recap', 'note', 'license']);
const ANNOTATION_PROSE = new Set(['pass', 'fail']);

/** A line that starts a block of its own: a heading, a table row, a list item. */
const STARTS_BLOCK = /^\s*(#{1,6}\s|\||[-*+]\s|\d+[.)]\s)/;

export function proseBlocks(text: string): ProseBlock[] {
  const lines = text.split('\n');
  const out: ProseBlock[] = [];
  let i = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, j) => j > 0 && l.trim() === '---');
    if (end > 0) {
      out.push(...yamlProse(lines.slice(1, end), 2, FRONT_MATTER_PROSE));
      i = end + 1;
    }
  }
  let fence: string | undefined;
  let block: ProseBlock | undefined;
  const close = () => {
    if (block) out.push(block);
    block = undefined;
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (fence) {
      if (trimmed.startsWith(fence) && /^(`{3,}|~{3,})\s*$/.test(trimmed)) fence = undefined;
      continue;
    }
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (open) {
      close();
      fence = open[1]!;
      continue;
    }
    if (trimmed.startsWith('<!--')) {
      close();
      const end = lines.findIndex((l, j) => j >= i && l.includes('-->'));
      const last = end < 0 ? lines.length - 1 : end;
      if (/^<!--\s*isolab\b/.test(trimmed)) out.push(...yamlProse(lines.slice(i, last + 1), i + 1, ANNOTATION_PROSE));
      i = last;
      continue;
    }
    if (!trimmed || /^\|?[\s:|-]+\|?$/.test(trimmed)) {
      close();
      continue;
    }
    if (!block || STARTS_BLOCK.test(line) || /^\s*(#|\|)/.test(block.text)) {
      close();
      block = { line: i + 1, text: line };
    } else block.text += `\n${line}`;
  }
  close();
  return out;
}

/** The prose values of a block of YAML lines: `key: value`, quoted or not, and block scalars. */
function yamlProse(lines: string[], firstLine: number, keys: Set<string>): ProseBlock[] {
  const out: ProseBlock[] = [];
  let scalar: { indent: number; block?: ProseBlock } | undefined;
  lines.forEach((line, j) => {
    const indent = /^\s*/.exec(line)![0].length;
    if (scalar) {
      if (!line.trim() || indent > scalar.indent) {
        // A block scalar is Markdown (a recap's list): a list item or a blank line starts a block.
        if (!line.trim() || STARTS_BLOCK.test(line) || !scalar.block) {
          if (scalar.block) out.push(scalar.block);
          scalar.block = line.trim() ? { line: firstLine + j, text: line } : undefined;
        } else scalar.block.text += `\n${line}`;
        return;
      }
      if (scalar.block) out.push(scalar.block);
      scalar = undefined;
    }
    const m = /^(\s*(?:-\s+)?)([A-Za-z][\w-]*):\s?(.*)$/.exec(line);
    if (!m || !keys.has(m[2]!)) return;
    const value = m[3]!.trim();
    if (/^[|>][-+]?\d*$/.test(value)) {
      scalar = { indent: m[1]!.length };
      return;
    }
    const unquoted = /^"(.*)"$/.exec(value)?.[1] ?? /^'(.*)'$/.exec(value)?.[1]?.replace(/''/g, "'") ?? value;
    if (unquoted) out.push({ line: firstLine + j, text: unquoted });
  });
  if (scalar?.block) out.push(scalar.block);
  return out;
}
