import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without types
import { patchStringWidth, patchYoga } from '../../scripts/bundle-patches.mjs';
import { tempDir } from '../helpers/cli.js';

/**
 * The build patches two dependencies to take work off the TUI's first frame (scripts/bundle-patches.mjs).
 * A patch must change nothing a user sees, and must fail the build when the code it expects changed.
 */
const require = createRequire(import.meta.url);
const source = (pkg: string) => readFileSync(require.resolve(pkg), 'utf8');

/** string-width as the build bundles it: the patched text, importing the same two helpers. */
async function patchedStringWidth(): Promise<(s: string, o?: { ambiguousIsNarrow?: boolean }) => number> {
  const dir = join(tempDir('isolab-patched-'), 'string-width');
  mkdirSync(dir, { recursive: true });
  const text = patchStringWidth(source('string-width'))
    .replace("from 'strip-ansi'", `from '${pathToFileURL(require.resolve('strip-ansi')).href}'`)
    .replace("from 'get-east-asian-width'", `from '${pathToFileURL(require.resolve('get-east-asian-width')).href}'`);
  writeFileSync(join(dir, 'index.mjs'), text);
  return (await import(pathToFileURL(join(dir, 'index.mjs')).href)).default;
}

describe('string-width, patched to skip the RGI emoji regex for one-code-point graphemes', () => {
  it('measures every BMP character the same as the original, alone and after a letter', async () => {
    const patched = await patchedStringWidth();
    const differ: string[] = [];
    for (let cp = 0x20; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCharCode(cp);
      // Graphemes of two or more code units take the original path unchanged (the samples below cover them).
      for (const s of [ch, `a${ch}`]) {
        for (const ambiguousIsNarrow of [true, false])
          if (patched(s, { ambiguousIsNarrow }) !== stringWidth(s, { ambiguousIsNarrow }))
            differ.push(`U+${cp.toString(16)} in ${JSON.stringify(s)}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('measures emoji, flags, skin tones, Chinese and the screens’ own symbols as before', async () => {
    const patched = await patchedStringWidth();
    const samples = [
      '✔ ready',
      '⚠ 注意',
      '✘ failed',
      '↑↓ move',
      '⚡',
      '✅',
      '👍🏽',
      '🇫🇷',
      '👨‍👩‍👧',
      '#️⃣',
      '容器隔离',
      'ｶﾞ',
      '› é',
      '\u001B[31m✔\u001B[0m',
    ];
    expect(samples.map((s) => patched(s))).toEqual(samples.map((s) => stringWidth(s)));
  });

  it('fails the build, naming itself, when string-width changed shape', () => {
    expect(() => patchStringWidth('export default () => 0;')).toThrow(/string-width: expected 1 ×/);
  });
});

describe('yoga-layout, patched not to touch the global fetch', () => {
  it('applies to the yoga ink bundles, and fails the build when yoga changed shape', () => {
    const yoga = readFileSync(join(require.resolve('yoga-layout'), '..', '..', 'binaries', 'yoga-wasm-base64-esm.js'), 'utf8');
    expect(patchYoga(yoga)).not.toContain('typeof fetch');
    expect(() => patchYoga('fetch(x)')).toThrow(/yoga-layout: expected 2 ×/);
  });
});
