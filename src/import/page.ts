import { parse as parseYaml } from 'yaml';
import { LAB_LANGS } from '../lab/catalog.js';
import type { ImportPlatform } from './draft.js';

/** What a page says about itself: its front matter, and which platform its commands are for. */
interface PageMeta {
  meta: Record<string, unknown>;
  body: string;
  /** 1-based line of the body's first line in the page. */
  bodyLine: number;
}

export function readPage(markdown: string): PageMeta {
  const text = withoutHiddenCharacters(markdown).replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!m) return { meta: {}, body: text, bodyLine: 1 };
  const bodyLine = m[0].split('\n').length;
  try {
    const meta = parseYaml(m[1]!) as unknown;
    return { meta: meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {}, body: text.slice(m[0].length), bodyLine };
  } catch {
    return { meta: {}, body: text.slice(m[0].length), bodyLine };
  }
}

/**
 * A pasted terminal session carries the terminal's colour codes (a green `user@host`), and pages
 * copied from the web carry zero-width spaces, soft hyphens and byte-order marks (format characters,
 * Unicode's Cf), often inside commands. A lab may hold none of them: they go, the text around them stays.
 */
function withoutHiddenCharacters(text: string): string {
  return text
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?/g, '')
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\p{Cf}]/gu, '');
}

/**
 * The lab's `lang` from the page's locale (`ms.contentlocale`, `lang`, `locale`). isolab's own
 * languages are written its way (es-ES → es, zh-cn → zh-CN: that is where translations and
 * catalogs are found); any other tag keeps its region (pt-BR, de-DE), cased as BCP 47 does.
 */
export function pageLang(meta: Record<string, unknown>): string | undefined {
  const raw = ['ms.contentlocale', 'lang', 'locale', 'language'].map((k) => meta[k]).find((v) => typeof v === 'string');
  if (typeof raw !== 'string') return undefined;
  const tag = raw.trim().replace(/_/g, '-');
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag)) return undefined;
  const [language, ...rest] = tag.split('-');
  const subtags = rest.map((s) =>
    s.length === 2 ? s.toUpperCase() : s.length === 4 ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s.toLowerCase(),
  );
  const canonical = [language!.toLowerCase(), ...subtags].join('-');
  if (/^zh-(Hans|CN|SG)\b/.test(canonical)) return 'zh-CN';
  const own = (LAB_LANGS as readonly string[]).find((l) => l === language!.toLowerCase());
  return own ?? canonical;
}

const WINDOWS_HINT =
  /(^|\n)\s*(PS [A-Z]:\\|\[[^\]\n]+\]: PS |[A-Z]:\\[^>\n]*>)|\b(Get|Set|New|Start|Enter|Remove)-[A-Z][A-Za-z]+\b|\bget-process\b/;
const UNIX_PS_PROMPT = /(^|\n)\s*PS [/~][^>\n]*>/;

/** Platforms for blocks that do not say: the page's prompts first, then its cmdlets, then Linux. */
export function pagePlatforms(body: string, chosen?: ImportPlatform): { platform: ImportPlatform; powershellPlatform: ImportPlatform } {
  if (chosen) return { platform: chosen, powershellPlatform: chosen };
  const powershellPlatform = UNIX_PS_PROMPT.test(body) ? 'linux' : 'windows';
  return { platform: powershellPlatform === 'linux' ? 'linux' : WINDOWS_HINT.test(body) ? 'windows' : 'linux', powershellPlatform };
}
