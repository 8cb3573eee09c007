#!/usr/bin/env node
// Builds dist/ with esbuild: one bundle, tree-shaken, split per command so `isolab list` never loads
// ink or React. Type checking is tsc's job (`npm run typecheck`); this only transpiles and bundles.
//
// Why bundle the dependencies too: start-up was module loading (975 files before the first frame,
// 415 of them es-toolkit through ink's barrel). Bundled, each command loads a handful of files, the
// installed package has no runtime dependencies to resolve, and pnpm's strict layout cannot miss one.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePatches } from './bundle-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** What this build is made of: the parsed-lab cache (src/lab/parse-cache.ts) is only valid for it. */
function buildId() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name)) hash.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  walk(join(root, 'src'));
  hash.update(readFileSync(join(root, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}
rmSync(dist, { recursive: true, force: true });

/**
 * Node's built-in modules are taken with `process.getBuiltinModule`, never through an ESM `import`,
 * and each export is read only if the bundle uses it. An ESM import of a built-in makes Node build
 * its ESM facade, which reads every export, lazy ones included (`import { readFileSync } from
 * 'node:fs'` loads fs/promises and the file streams, `node:util` loads parseArgs, diff and the worker
 * machinery behind them); so would esbuild's CommonJS interop, which copies every property. For the
 * ~20 built-ins isolab, commander and ink import, that was about 5 ms of CPU on every start before
 * anything ran. Here a built-in becomes a module whose exports are pure reads of the one object, so
 * the bundler drops the ones nothing uses. (`require()` of a built-in in bundled CommonJS stays a
 * real require: the banner's.)
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const names = new Set(builtinModules.filter((m) => !m.startsWith('_')));
    const importers = new Map();
    b.onResolve({ filter: /^[a-z0-9_/:]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!names.has(name) || args.kind === 'require-call') return undefined;
      // One facade per importing file, bundled into that file's chunk: shared, each facade was a chunk
      // of its own (fs, path, os, url, crypto, child_process…), and every chunk costs its import a
      // resolution, a read and a link: a run loaded 9 such chunks of a few hundred bytes each.
      if (!importers.has(args.importer)) importers.set(args.importer, importers.size);
      return { path: `${name}?${importers.get(args.importer)}`, namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const id = `node:${args.path.slice(0, args.path.indexOf('?'))}`;
      const exported = Object.keys(process.getBuiltinModule(id)).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default' && k !== 'm' && k !== '__read');
      return {
        contents: [
          `const m = process.getBuiltinModule(${JSON.stringify(id)});`,
          'const __read = (k) => m[k];',
          'export default m;',
          ...exported.map((k) => `export const ${k} = /* @__PURE__ */ __read(${JSON.stringify(k)});`),
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  // dist/cli/main.js and dist/chunks/*.js sit at the same depth as src/cli/*.ts, so the
  // `new URL('../../labs', import.meta.url)` lookups in the code resolve the same way from either.
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: dist,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.13',
  minify: true,
  // No source maps: the sources are not shipped, and a map pointing at nothing helps nobody.
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  // React's production build: its development build halves the UI's throughput.
  define: { 'process.env.NODE_ENV': '"production"', __ISOLAB_BUILD__: JSON.stringify(buildId()) },
  // ink loads react-devtools-core only when DEV=true and the package is installed: not for users.
  external: ['react-devtools-core'],
  // Some bundled CommonJS packages require() Node built-ins; ESM has no `require` of its own.
  plugins: [lazyBuiltins, bundlePatches],
  banner: { js: "const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The class dashboard (isolab class start, class merge): a page for the browser, built here and served
// by isolab itself, so nothing is fetched from anywhere at run time.
await build({
  absWorkingDir: root,
  entryPoints: { 'class/dashboard': 'src/class/dashboard/app.ts', 'class/dashboard-style': 'src/class/dashboard/style.css' },
  outdir: dist,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
renameSync(join(dist, 'class', 'dashboard-style.css'), join(dist, 'class', 'dashboard.css'));

writeFileSync(join(dist, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicenses(Object.keys(result.metafile.inputs)));

/** The licence text of every npm package whose code ended up in the bundle (their licences ask for it). */
function thirdPartyLicenses(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!m) continue;
    const dir = join(root, input.slice(0, m.index + m[0].length));
    if (!packages.has(dir)) packages.set(dir, m[1]);
  }
  const sections = [...packages].sort((a, b) => a[1].localeCompare(b[1])).map(([dir, name]) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'license.md', 'LICENCE', 'LICENSE-MIT'].map((f) => join(dir, f)).find(existsSync);
    const text = file ? readFileSync(file, 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
    return `${name}@${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text}\n`;
  });
  return `isolab bundles the following packages in dist/. Their licences follow.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}
