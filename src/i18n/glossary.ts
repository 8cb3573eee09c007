import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A language's glossary: one term per concept, with the variants a translation must not use. It
 * lives in docs/glossary/<lang>.md, where translators and reviewers read the reasons beside the
 * terms; isolab lint reads the same tables at run time, so there is one copy and no build step.
 */
export interface GlossaryEntry {
  concept: string;
  /** The term to write (the first of the `use` cell: other forms there are accepted too). */
  use: string;
  accepted: string[];
  /** Variants refused, each as a matcher (an optional suffix in parentheses: `atelier(s)`). */
  reject: string[];
}

export interface Glossary {
  lang: string;
  entries: GlossaryEntry[];
  /** Names kept as written (products, processes): a rejected word inside one is not a term. */
  keep: string[];
}

/** The folder of glossaries shipped with isolab (docs/ is part of the package). */
export function defaultGlossaryDir(): string {
  return fileURLToPath(new URL('../../docs/glossary', import.meta.url));
}

const cache = new Map<string, Glossary | undefined>();

/** The glossary of `lang`, or undefined when isolab has none for it (English has none). */
export function loadGlossary(lang: string, dir = defaultGlossaryDir()): Glossary | undefined {
  const file = join(dir, `${lang}.md`);
  if (cache.has(file)) return cache.get(file);
  const glossary = existsSync(file) ? parseGlossary(lang, readFileSync(file, 'utf8')) : undefined;
  cache.set(file, glossary);
  return glossary;
}

/**
 * Reads the two machine-readable tables of a glossary page: `| English | use | reject | why |` (one
 * row per concept; reject is a comma-separated list) and `| kept as written | why |`.
 */
export function parseGlossary(lang: string, markdown: string): Glossary {
  const glossary: Glossary = { lang, entries: [], keep: [] };
  let table: 'terms' | 'keep' | undefined;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('|')) {
      table = undefined;
      continue;
    }
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((c) => c.trim());
    const head = cells.map((c) => c.toLowerCase());
    if (head[0] === 'english' && head[1] === 'use' && head[2] === 'reject') {
      table = 'terms';
      continue;
    }
    if (head[0] === 'kept as written') {
      table = 'keep';
      continue;
    }
    if (!table || /^:?-+:?$/.test(cells[0] ?? '')) continue;
    if (table === 'keep') {
      if (cells[0]) glossary.keep.push(unquote(cells[0]));
      continue;
    }
    const accepted = (cells[1] ?? '')
      .split(',')
      .map((v) => unquote(v.trim()))
      .filter(Boolean);
    glossary.entries.push({
      concept: unquote(cells[0] ?? ''),
      use: accepted[0] ?? '',
      accepted,
      reject: (cells[2] ?? '')
        .split(',')
        .map((v) => unquote(v.trim()))
        .filter((v) => v && v !== '—'),
    });
  }
  return glossary;
}

function unquote(cell: string): string {
  return cell.replace(/^`(.*)`$/, '$1');
}

/** A term the glossary refuses, where it stands in the text. */
export interface RejectedTerm {
  index: number;
  found: string;
  use: string;
}

const HAN = /\p{Script=Han}/u;

/**
 * Every refused variant in `text`. Latin words match whole (case-insensitively unless the variant
 * has a capital: `Elija` is a command at the start of a sentence, `elija` may be a subjunctive);
 * `sandbox` is not found in `runsc-sandbox`. Chinese terms match anywhere.
 */
export function rejectedTerms(text: string, glossary: Glossary): RejectedTerm[] {
  let masked = text;
  for (const name of glossary.keep) masked = masked.split(name).join(' '.repeat(name.length));
  const found: RejectedTerm[] = [];
  for (const entry of glossary.entries) {
    // A refused variant inside the accepted term is the term (工具虚拟机 in 实用工具虚拟机).
    let own = masked;
    for (const term of entry.accepted) own = own.replace(variantPattern(term), (m) => ' '.repeat(m.length));
    for (const variant of entry.reject) {
      for (const m of own.matchAll(variantPattern(variant))) found.push({ index: m.index, found: m[0], use: entry.use });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

const patterns = new Map<string, RegExp>();

function variantPattern(variant: string): RegExp {
  let re = patterns.get(variant);
  if (re) return re;
  const escaped = variant
    .split(/(\([^)]*\))/)
    .map((part) => (/^\(.*\)$/.test(part) ? `(?:${escapeRegex(part.slice(1, -1))})?` : escapeRegex(part)))
    .join('')
    .replace(/ /g, '\\s+');
  const flags = /\p{Lu}/u.test(variant) ? 'gu' : 'giu';
  re = HAN.test(variant)
    ? new RegExp(escaped, flags)
    : new RegExp(`(?<![\\p{L}\\p{N}_\\-/.@])${escaped}(?![\\p{L}\\p{N}_\\-]|[./@][\\p{L}\\p{N}])`, flags);
  patterns.set(variant, re);
  return re;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
