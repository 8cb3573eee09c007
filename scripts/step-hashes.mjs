#!/usr/bin/env node
// Prints each step's id and source hash: the `from:` value a translation of that step records.
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
for (const step of lab.steps) {
  const checks = step.checks.map((c) => c.id + (c.platforms ? `[${c.platforms.join(',')}]` : '')).join(' ');
  console.log(`${step.id.padEnd(28)} from: ${step.sourceHash}   checks: ${checks || '-'}`);
}
