/**
 * Mutated labs for the fuzz suite: a seeded generator (same seed, same files) that starts from
 * real labs and breaks them the ways hostile or careless files do.
 */

/** mulberry32: small, seedable, good enough to pick mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (text: string, r: () => number) => string;

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const at = (text: string, r: () => number) => Math.floor(r() * (text.length + 1));
const lines = (text: string) => text.split('\n');
const atLine = (text: string, r: () => number, insert: string) => {
  const ls = lines(text);
  ls.splice(Math.floor(r() * (ls.length + 1)), 0, insert);
  return ls.join('\n');
};
/** Replaces a value in the first step annotation, as an author would type it. */
const inAnnotation = (text: string, _r: () => number, line: string) => text.replace(/(<!-- isolab\nstep: [^\n]+\n)/, `$1${line}\n`);

const CATASTROPHIC = ['^(a+)+\\1$', '^(?=(a+)+$)', '^(a|a)*(?!x)b', '(.*a){25}', '^(a|aa)+$', '((a*)*)*b', '(x+x+)+y', '^(\\w+\\s?)*$'];
const INVALID = ['(', '[a-', '*x', 'a{2,1}', '(?<n>a)(?<n>b)', '\\', '(?<=a+'];
const DURATIONS = ['600h', '0', '-1', '1e400', '99999999999999', '0ms', '1.5.5s', '25h', 'NaN', '""', '2147483648'];
const CONTROLS = ['\u001b[2J', '\u001b]0;pwned\u0007', '\u0000', '\u0007', '\u009b31m', '\u202e', '\r'];

export const MUTATIONS: Record<string, Mutation> = {
  deleteChar: (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + t.slice(i + 1);
  },
  insertYamlBreaker: (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + pick([': {', '- [', '&a', '*b', '? ', '|', '"', "'", '\t', '{{', '---'], r) + t.slice(i);
  },
  truncate: (t, r) => t.slice(0, at(t, r)),
  duplicateStep: (t) => {
    const m = /\n## [^\n]+\n<!-- isolab[\s\S]*?```\n/.exec(t);
    return m ? t + m[0] : t;
  },
  swapLines: (t, r) => {
    const ls = lines(t);
    const a = Math.floor(r() * ls.length);
    const b = Math.floor(r() * ls.length);
    [ls[a], ls[b]] = [ls[b]!, ls[a]!];
    return ls.join('\n');
  },
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  bom: (t) => `\uFEFF${t}`,
  nul: (t, r) => {
    const i = at(t, r);
    return `${t.slice(0, i)}\u0000${t.slice(i)}`;
  },
  control: (t, r) => {
    const i = at(t, r);
    return t.slice(0, i) + pick(CONTROLS, r) + t.slice(i);
  },
  catastrophicRegex: (t, r) => inAnnotation(t, r, `checks:\n  - stdout: { matches: '${pick(CATASTROPHIC, r)}' }`),
  catastrophicWhere: (t, r) =>
    inAnnotation(t, r, `checks:\n  - row: { where: { PID: { matches: '${pick(CATASTROPHIC, r)}', flags: i } } }`),
  invalidRegex: (t, r) => inAnnotation(t, r, `checks:\n  - capture: { name: x, type: integer, regex: '${pick(INVALID, r)}' }`),
  absurdDuration: (t, r) =>
    inAnnotation(
      t,
      r,
      pick(
        [
          `timeout: ${pick(DURATIONS, r)}`,
          `eventually: { timeout: ${pick(DURATIONS, r)}, interval: ${pick(DURATIONS, r)} }`,
          `holdsFor: { window: ${pick(DURATIONS, r)}, interval: 0 }`,
        ],
        r,
      ),
    ),
  deepList: (t, r) => {
    let s = '';
    const d = 10 + Math.floor(r() * 600);
    for (let i = 0; i < d; i++) s += `${' '.repeat(2 * i)}- x\n`;
    return atLine(t, r, s);
  },
  deepQuote: (t, r) => atLine(t, r, `${'> '.repeat(10 + Math.floor(r() * 3000))}deep`),
  deepFlow: (t, r) => inAnnotation(t, r, `vars: ${'['.repeat(10 + Math.floor(r() * 20000))}`),
  deepYamlBlock: (t, r) => {
    let s = 'vars:';
    const d = 5 + Math.floor(r() * 200);
    for (let i = 1; i < d; i++) s += `\n${' '.repeat(i * 2)}k${i}:`;
    return inAnnotation(t, r, s);
  },
  hugeProse: (t, r) => t + 'All work and no play. '.repeat(10_000 + Math.floor(r() * 40_000)),
  longLine: (t, r) => atLine(t, r, 'y'.repeat(100_000 + Math.floor(r() * 100_000))),
  hugeCode: (t, r) => t.replace('```sh\n', `\`\`\`sh\n${'echo padding\n'.repeat(5_000 + Math.floor(r() * 30_000))}`),
  manySteps: (t, r) =>
    t + Array.from({ length: 150 + Math.floor(r() * 100) }, (_, i) => `\n## S${i}\n<!-- isolab\nstep: s${i}\n-->\n`).join(''),
  aliasBomb: (t, r) =>
    inAnnotation(
      t,
      r,
      'vars:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ),
  unclosedFence: (t, r) => atLine(t, r, '```sh'),
  unknownKey: (t, r) => inAnnotation(t, r, pick(['from: abcdef12', 'chekcs: []', 'stdot: x', 'timeout: {a: 1}'], r)),
  placeholderAbuse: (t, r) =>
    t.replace('echo $!', pick(['echo {{pid}}$(rm -rf /tmp/none)', 'echo {{ nope }}', 'echo {{run}}{{run}}', "echo '{{pid}}'"], r)),
  emptyFrontMatter: (t) => t.replace(/^---\n[\s\S]*?\n---\n/, '---\n---\n'),
  randomBytes: (t, r) => {
    let s = t;
    for (let k = 0; k < 5; k++) {
      const i = at(s, r);
      s = s.slice(0, i) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(i + 1);
    }
    return s;
  },
};

export interface FuzzCase {
  name: string;
  text: string;
  mutations: string[];
}

/** `count` labs, each from one of `bases` with one to three mutations. */
export function fuzzLabs(bases: readonly string[], count: number, seed: number): FuzzCase[] {
  const r = rng(seed);
  const names = Object.keys(MUTATIONS);
  const out: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    // Every mutation is used at least once, in order, before the rest are drawn at random.
    const first = i < names.length ? names[i]! : pick(names, r);
    const chosen = [first, ...Array.from({ length: Math.floor(r() * 3) }, () => pick(names, r))];
    let text = pick(bases, r);
    for (const m of chosen) text = MUTATIONS[m]!(text, r);
    out.push({ name: `fuzz-${String(i).padStart(4, '0')}.md`, text, mutations: chosen });
  }
  return out;
}
