#!/usr/bin/env node
// Carries translation stamps over to prose-only hashes. A `from:` made before stamps were prose-only
// is the hash of the whole source step (its commands included); where it still equals that hash
// for the current source, the translator certified exactly this source: the stamp becomes the
// step's prose hash. Any other stamp is left as it is (lint reports it stale).
// Usage: node scripts/migrate-stamps.mjs [labs-folder]     (default: labs)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSrc } from './load-src.mjs';

const { parseLab, parseTranslation } = await loadSrc('lab/parse.ts');
const labs = process.argv[2] ?? 'labs';
let moved = 0;
for (const lang of readdirSync(labs, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  for (const name of readdirSync(join(labs, lang.name)).filter((f) => f.endsWith('.md'))) {
    const file = join(labs, lang.name, name);
    const sourceFile = join(labs, name);
    if (!existsSync(sourceFile)) continue;
    const source = parseLab(readFileSync(sourceFile, 'utf8'), { file: sourceFile });
    let text = readFileSync(file, 'utf8');
    const translation = parseTranslation(text, { file });
    for (const t of translation.steps) {
      const s = source.steps.find((x) => x.id === t.id);
      if (!s || t.translatedFrom !== s.sourceHash || s.sourceHash === s.proseHash) continue;
      // The annotation of this step: its `from:` line, quoted or not.
      const re = new RegExp(`(<!--\\s*isolab\\b[^]*?step:\\s*${t.id}\\s*\\n[^]*?from:\\s*)'?${t.translatedFrom}'?`);
      const next = text.replace(re, `$1'${s.proseHash}'`);
      if (next !== text) moved++;
      text = next;
    }
    writeFileSync(file, text);
  }
}
console.log(`${moved} stamps carried over to prose hashes`);
