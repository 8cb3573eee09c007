// Source patches the build (scripts/build.mjs) applies to two bundled dependencies, each to take
// work off the TUI's first frame. Each patch fails loudly when the code it expects is not there
// (a dependency update), rather than silently not applying. test/cli/bundle-patches.test.ts holds
// that each one changes nothing a user sees.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Replaces `from` by `to` exactly `count` times in `text`, or throws naming `what`. */
function replaceExactly(text, from, to, count, what) {
  const found = text.split(from).length - 1;
  if (found !== count) throw new Error(`${what}: expected ${count} × ${JSON.stringify(from)}, found ${found}: see scripts/bundle-patches.mjs`);
  return text.replaceAll(from, () => to); // a function: `$` in the replacement is not a pattern
}

/**
 * yoga-layout (ink's layout engine) asks `typeof fetch` to choose how to load its WebAssembly, and
 * with fetch there it fetches its own data: URL through it. Touching the global `fetch` loads
 * undici, Node's HTTP client, before the first frame: 25–80 ms of CPU for nothing, since the module
 * is embedded as base64. Patched, yoga is told there is no fetch and instantiates its bytes directly.
 */
export function patchYoga(text) {
  return replaceExactly(text, '"function"!=typeof fetch', '"function"!=typeof undefined', 2, 'yoga-layout');
}

/**
 * string-width (isolab's and ink's) builds `/^\p{RGI_Emoji}$/v` when it is loaded and tests every
 * grapheme that is not plain ASCII against it: building that one regex (a property of strings: every
 * emoji sequence) costs about 20 ms of CPU and its first match as much again, all before the first
 * frame. Patched, it is built at the first grapheme that could be an emoji. A grapheme of one BMP code point is an
 * RGI emoji only if it has Emoji_Presentation (emoji sequences have two or more code points, and
 * the Basic_Emoji set's single BMP code points are exactly those), so the patch asks that cheap
 * property first; the width it finds is the same for every string.
 */
export function patchStringWidth(text) {
  // Its grapheme segmenter too is made at the first string that needs it (not printable ASCII): making
  // one loads ICU's break-iterator data, about 6 ms of CPU (20 under load), and every command paid it
  // when it loaded (the CLI's line wrapping imports string-width), though an unattended run writing
  // to a pipe or a file never measures a line.
  const segmented = replaceExactly(
    text,
    'const segmenter = new Intl.Segmenter();',
    'let segmenterBuilt;\nconst segmenter = { segment: (string) => (segmenterBuilt ??= new Intl.Segmenter()).segment(string) };',
    1,
    'string-width',
  );
  const declared = replaceExactly(
    segmented,
    'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
    [
      'let rgiEmojiRegexBuilt;',
      "const rgiEmojiRegex = { test: (segment) => (rgiEmojiRegexBuilt ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment) };",
      'const emojiPresentationRegex = /\\p{Emoji_Presentation}/u;',
    ].join('\n'),
    1,
    'string-width',
  );
  return replaceExactly(
    declared,
    'if (rgiEmojiRegex.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment)) {',
    'if ((segment.length > 1 || emojiPresentationRegex.test(segment)) && (rgiEmojiRegex.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment))) {',
    1,
    'string-width',
  );
}

/** The esbuild plugin: each file a patch is for, read and patched as it is bundled. */
export const bundlePatches = {
  name: 'bundle-patches',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => ({
      contents: patchYoga(readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
    // The string-width isolab and ink share (cli-table3 has an old one of its own, without emoji regexes).
    const stringWidth = fileURLToPath(import.meta.resolve('string-width'));
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (args) =>
      args.path === stringWidth ? { contents: patchStringWidth(readFileSync(args.path, 'utf8')), loader: 'js' } : undefined,
    );
  },
};
