// Loads modules of src/ for the developer scripts (step-hashes, bench): dist/ is one bundle with no
// per-module files, so this bundles the asked-for sources with the same esbuild, imports the result
// and removes it. Nothing is left in the temp folder.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `await loadSrc('lab/parse.ts', 'session/session.ts')` → the merged exports of those modules. */
export async function loadSrc(...modules) {
  const dir = mkdtempSync(join(tmpdir(), 'isolab-src-'));
  try {
    const entry = modules.map((m) => `export * from ${JSON.stringify(join(root, 'src', m))};`).join('\n');
    const out = join(dir, 'src.mjs');
    await build({
      stdin: { contents: entry, resolveDir: root, loader: 'ts' }, outfile: out, bundle: true, format: 'esm', platform: 'node',
      target: 'node22.12', define: { 'process.env.NODE_ENV': '"production"' }, external: ['react-devtools-core'], logLevel: 'warning',
      banner: { js: "import{createRequire as __isolabRequire}from'node:module';const require=__isolabRequire(import.meta.url);" },
    });
    // Paths found relative to the module (the labs folder) point into the temp folder: set
    // ISOLAB_LABS_DIR when a script needs them.
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
