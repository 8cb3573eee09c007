#!/usr/bin/env node
// Prints each step's id and prose hash: the `from:` value a translation of that step records (the
// hash of its title, prose, hints and verdicts; a command-only change leaves it as it was).
// Usage: node scripts/step-hashes.mjs labs/hyperv-isolation.md
import { readFileSync } from 'node:fs';
import { loadSrc } from './load-src.mjs';

const { parseLab } = await loadSrc('lab/parse.ts');
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/step-hashes.mjs <source-lab.md>');
  process.exit(2);
}
const lab = parseLab(readFileSync(file, 'utf8'), { file });
// The front matter's own stamp: the title, summary, recap and introduction.
console.log(`${'(front matter)'.padEnd(28)} from: ${lab.proseHash}`);
for (const step of lab.steps) {
  const checks = step.checks.map((c) => c.id + (c.platforms ? `[${c.platforms.join(',')}]` : '')).join(' ');
  console.log(`${step.id.padEnd(28)} from: ${step.proseHash}   checks: ${checks || '-'}`);
}
