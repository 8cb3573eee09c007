#!/usr/bin/env node
// Prints the value contract's allowlist as docs/lab-format.md shows it (a test keeps them equal).
// Usage: node scripts/contract-table.mjs
import { loadSrc } from './load-src.mjs';

const { contractTable } = await loadSrc('value/contract-table.ts');
console.log(contractTable());
