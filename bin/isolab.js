#!/usr/bin/env node
// Written to parse on old Node versions, so it can explain (or fix) a too-old runtime.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  // npm installs a current Node beside isolab (the "node" package): use it when the system one is old.
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (existsSync(bundled) && !process.env.ISOLAB_REEXEC) {
    const r = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, ISOLAB_REEXEC: '1' },
    });
    process.exit(r.status ?? (r.signal === 'SIGINT' ? 130 : 1));
  }
  process.stderr.write(`isolab needs Node.js 22 or newer (this is ${process.version}). Run "npm ci" in the isolab folder, or install a current Node.js.\n`);
  process.exit(2);
}

// Cache compiled code between runs: start-up is most of a short command's time.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('isolab is not built yet: run "npm ci" (or "npm run build") in the isolab folder.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
