import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/catalogs/en.js';
import { esCore } from '../../src/i18n/catalogs/es-core.js';
import { BIN, isolab, tempDir } from '../helpers/cli.js';

/**
 * Start-up is mostly loading code (BENCH.md, issue 24): what a command does not use must not be
 * loaded on its way. Node lists every built-in module a process loaded (process.moduleLoadList); a
 * preloaded module writes that list when the process exits.
 */
const work = tempDir('isolab-loading-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const preload = join(work, 'loaded.mjs');
writeFileSync(
  preload,
  // process.getBuiltinModule, not an import: an ESM import of node:fs would itself load what the
  // tests below look for (its facade reads every export, fs/promises and readline behind it).
  `const { writeFileSync } = process.getBuiltinModule('node:fs');
process.on('exit', () => writeFileSync(process.env.LOADED_OUT, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).join('\\n')));
`,
);
// And every file of isolab's own the module loader read (Node's synchronous loader hooks).
const filesPreload = join(work, 'files.mjs');
writeFileSync(
  filesPreload,
  `import { appendFileSync, writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) { if (url.startsWith('file:')) appendFileSync(process.env.LOADED_FILES, url + '\\n'); return next(url, context); } });
// Built-ins load without a file (a getter, a lazy global): their list is written as the footer is.
if (process.env.LOADED_BUILTINS) {
  const write = process.stdout.write;
  process.stdout.write = function (chunk, ...rest) {
    if (String(chunk).includes('move')) writeFileSync(process.env.LOADED_BUILTINS, process.moduleLoadList.join('\\n'));
    return write.call(this, chunk, ...rest);
  };
}
`,
);
// And every grapheme segmenter made (Intl.Segmenter: ICU's break-iterator data, ~6 ms of CPU to make one).
const segmentersPreload = join(work, 'segmenters.mjs');
writeFileSync(
  segmentersPreload,
  `const { appendFileSync } = process.getBuiltinModule('node:fs');
Intl.Segmenter = new Proxy(Intl.Segmenter, { construct(target, args, newTarget) { appendFileSync(process.env.SEGMENTERS_OUT, 'made\\n'); return Reflect.construct(target, args, newTarget); } });
`,
);
// And every /proc/<pid>/environ read (the marker look: ISOLAB_RUN in a process's environment).
const environPreload = join(work, 'environ.mjs');
writeFileSync(
  environPreload,
  `const fs = process.getBuiltinModule('node:fs');
const read = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  if (/^\\/proc\\/\\d+\\/environ$/.test(String(path))) fs.appendFileSync(process.env.ENVIRON_OUT, path + '\\n');
  return read.call(this, path, ...rest);
};
`,
);
// And the type of every zod schema built (zod calls this hook of its global config for each one).
const zodPreload = join(work, 'zod.mjs');
writeFileSync(
  zodPreload,
  `const built = [];
globalThis.__zod_globalConfig = { postProcessor: (schema) => built.push(schema._zod.def.type) };
process.on('exit', () => process.getBuiltinModule('node:fs').writeFileSync(process.env.ZOD_OUT, built.join('\\n')));
`,
);
const lab = join(work, 'one-step.md');
writeFileSync(
  lab,
  "---\nid: one-step\ntitle: One step\nplatforms: [linux]\n---\n\n## Say it\n\n<!-- isolab\nstep: say\nchecks:\n  - stdout: { matches: '^said$' }\n-->\n\n```sh\necho said\n```\n",
);

/** The built-in modules a command loaded, from start to exit. */
async function builtinsLoadedBy(args: string[]): Promise<string[]> {
  const out = join(work, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const r = await isolab(args, { env: { NODE_OPTIONS: `--import ${preload}`, LOADED_OUT: out } });
  expect(r.exitCode, r.stderr).toBe(0);
  return readFileSync(out, 'utf8').split('\n');
}

/** The text of every file a command loaded. */
async function filesLoadedBy(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const out = join(work, `files-${Math.random().toString(36).slice(2)}.txt`);
  const r = await isolab(args, { env: { NODE_OPTIONS: `--import ${filesPreload}`, LOADED_FILES: out, ...env } });
  expect(r.exitCode, r.stderr).toBe(0);
  const urls = readFileSync(out, 'utf8')
    .split('\n')
    .filter((u) => u.includes('/dist/'));
  expect(urls.length).toBeGreaterThan(1);
  return urls.map((u) => readFileSync(fileURLToPath(u), 'utf8'));
}

/**
 * The text of every file the TUI loaded up to its first frame (the home screen's footer), on a
 * pseudo-terminal made by \`script\` (util-linux), as a learner's terminal would be.
 */
async function filesLoadedByFirstFrame(env: Record<string, string> = {}): Promise<string[]> {
  return (await loadedByFirstFrame(env)).files;
}

async function loadedByFirstFrame(env: Record<string, string> = {}): Promise<{ files: string[]; builtins: string }> {
  const out = join(work, `frame-${Math.random().toString(36).slice(2)}.txt`);
  const builtinsOut = `${out}.builtins`;
  const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const child = spawn('script', ['-qfec', `stty cols 100 rows 30; exec ${q(process.execPath)} ${q(BIN)}`, '/dev/null'], {
    env: {
      ...process.env,
      TERM: 'xterm-256color',
      ISOLAB_LANG: 'en',
      ISOLAB_STATE_DIR: join(work, 'state-tui'),
      NODE_OPTIONS: `--import ${filesPreload}`,
      LOADED_FILES: out,
      LOADED_BUILTINS: builtinsOut,
      ...env,
    },
    stdio: ['pipe', 'pipe', 'ignore'],
    detached: true,
  });
  let seen = '';
  let loaded: string[] = [];
  let builtins = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no first frame: ${seen.slice(-300)}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString();
        if (!seen.includes('move')) return;
        clearTimeout(timer);
        // What was loaded when the first frame showed, not what loads after it.
        loaded = existsSync(out) ? readFileSync(out, 'utf8').split('\n') : [];
        builtins = existsSync(builtinsOut) ? readFileSync(builtinsOut, 'utf8') : '';
        resolve();
      });
    });
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  const urls = loaded.filter((u) => u.includes('/dist/'));
  expect(urls.length).toBeGreaterThan(1);
  return { files: urls.map((u) => readFileSync(fileURLToPath(u), 'utf8')), builtins };
}

/** Words only the lab parser's libraries and zod hold (string literals survive minifying). */
const PARSER_LIBRARIES = {
  yaml: 'Nested mappings are not allowed in compact mappings',
  marked: 'marked(): input parameter is undefined or null',
  zod: '_zod',
};
const librariesIn = (text: string) =>
  Object.entries(PARSER_LIBRARIES)
    .filter(([, word]) => text.includes(word))
    .map(([name]) => name);

const NETWORK = ['http', 'https', 'tls', 'http2', 'zlib', 'internal/deps/undici/undici'];

describe('a command loads what it uses', () => {
  it('a lab run that joins no class loads no networking code (http, TLS, HTTP/2, undici)', async () => {
    const loaded = await builtinsLoadedBy(['run', lab, '--yes', '--quiet']);
    expect(loaded).toContain('child_process');
    expect(loaded.filter((m) => NETWORK.includes(m))).toEqual([]);
  });

  it("an unattended run loads no built-in it does not use: no readline (it asks nothing), no worker threads (its regex needs none), none of util's extras (commander's and ink's ESM imports of node:util and node:process read every export)", async () => {
    const loaded = await builtinsLoadedBy(['run', lab, '--yes', '--quiet']);
    expect(loaded).toContain('child_process');
    const unused = ['readline/promises', 'worker_threads', 'internal/worker', 'internal/util/parse_args/parse_args', 'internal/util/diff'];
    expect(loaded.filter((m) => unused.includes(m))).toEqual([]);
  });

  it("a lab run on a machine that joined no class loads none of the class's code (its link, its schemas)", async () => {
    const files = (await filesLoadedBy(['run', lab, '--yes', '--quiet'])).join('\n');
    // Words only the class's wire schema (src/class/schema.ts) holds (the catalogs word its other reasons too).
    expect(files.includes('must be 32 lowercase hex digits'), 'the class schema was loaded').toBe(false);
  });

  it('an unattended run writing to a pipe makes no grapheme segmenter: it measures no line (string-width made one as it loaded)', async () => {
    const made = async (args: string[]) => {
      const out = join(work, `segmenters-${Math.random().toString(36).slice(2)}.txt`);
      const r = await isolab(args, { env: { NODE_OPTIONS: `--import ${segmentersPreload}`, SEGMENTERS_OUT: out } });
      expect(r.exitCode, r.stderr).toBe(0);
      return existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).length : 0;
    };
    expect(await made(['run', lab, '--yes', '--quiet'])).toBe(0);
    expect(await made(['list'])).toBe(0);
    // Help in Chinese is wrapped by display width, two columns a character: it does measure, and makes one.
    expect(await made(['--help', '--lang', 'zh-CN'])).toBeGreaterThan(0);
  });

  it("a lab run loads no file that is only a built-in's facade (each import costs a resolution, a read and a link)", async () => {
    const files = await filesLoadedBy(['run', lab, '--yes', '--quiet']);
    // What scripts/build.mjs makes of `import { x } from 'node:fs'`: the module object, a reader, one read per export used.
    const facadeOnly = (text: string) =>
      text
        .slice(text.indexOf('\n') + 1) // the banner (its own require)
        .replace(/var [\w$]+=process\.getBuiltinModule\("node:[\w/]+"\)[^;]*;/g, '')
        .replace(/var [\w$]+=[\w$]+\("[\w$]+"\)(,[\w$]+=[\w$]+\("[\w$]+"\))*;/g, '')
        .replace(/export\{[^}]*\};?/g, '')
        .trim() === '';
    const facades = files.filter(facadeOnly).map((f) => /getBuiltinModule\("([^"]+)"/.exec(f)?.[1]);
    expect(files.some((f) => f.includes('process.getBuiltinModule("node:child_process")'))).toBe(true);
    expect(facades).toEqual([]);
  });

  it("an unattended run asked for no report loads none of the report's formats, nor doctor's wording of a machine's lacks", async () => {
    const files = (await filesLoadedBy(['run', lab, '--yes', '--quiet'])).join('\n');
    // Words only the JUnit format (src/report/formats.ts) and doctor's JSON (src/cli/doctor.ts) hold.
    expect(files.includes('<testsuites name='), 'the report formats were loaded').toBe(false);
    expect(files.includes('"unchecked":"missing"'), "doctor's code was loaded").toBe(false);
    // Asked for one, the run writes it.
    const report = join(work, 'report.xml');
    const withReport = (await filesLoadedBy(['run', lab, '--yes', '--quiet', '--report', report])).join('\n');
    expect(withReport).toContain('<testsuites name=');
    expect(readFileSync(report, 'utf8')).toContain('<testsuites name="isolab"');
  });

  it.runIf(process.platform === 'linux' && process.getuid?.() === 0)(
    "a run that leaves nothing running reads no other process's environment when its cgroup answers (it read every process's, twice)",
    async () => {
      const environsRead = async (env: Record<string, string>) => {
        const out = join(work, `environ-${Math.random().toString(36).slice(2)}.txt`);
        const r = await isolab(['run', lab, '--yes', '--quiet'], {
          env: { NODE_OPTIONS: `--import ${environPreload}`, ENVIRON_OUT: out, ...env },
        });
        expect(r.exitCode, r.stderr).toBe(0);
        return existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).length : 0;
      };
      expect(await environsRead({})).toBe(0);
      // Without a cgroup the marker is all there is: every process's environment is read.
      expect(await environsRead({ ISOLAB_CGROUP: 'off' })).toBeGreaterThan(1);
    },
  );

  it("a run that reads no state file back (its lab in the parse cache) builds none of the state files' shapes: no zod object schema (its own lock is checked by hand, messages' schema at its first use)", async () => {
    const built = async (state: string) => {
      const out = join(work, `zod-${Math.random().toString(36).slice(2)}.txt`);
      const r = await isolab(['run', lab, '--yes', '--quiet'], {
        env: { NODE_OPTIONS: `--import ${zodPreload}`, ZOD_OUT: out, ISOLAB_STATE_DIR: state },
      });
      expect(r.exitCode, r.stderr).toBe(0);
      return readFileSync(out, 'utf8').split('\n').filter(Boolean);
    };
    const state = join(work, 'state-zod');
    await built(state); // the first start parses the lab (its schema) and fills the parse cache
    const types = await built(state);
    expect(types).toContain('lazy');
    expect(types.filter((t) => t === 'object')).toEqual([]);
    // A ledger left by a run that crashed is read back, with its schema: the hook sees the objects then.
    mkdirSync(join(state, 'runs'), { recursive: true });
    writeFileSync(
      join(state, 'runs', '20261206-0a1b2c3d.json'),
      JSON.stringify({
        version: 1,
        runId: '20261206-0a1b2c3d',
        labId: 'gone',
        labFile: '/nonexistent/gone.md',
        platform: 'linux',
        owner: { pid: 2 ** 22 + 7 },
        startedAt: '2026-12-06T00:00:00.000Z',
        containers: [],
        captures: {},
      }),
    );
    expect(await built(state)).toContain('object');
  });

  it('isolab list loads no networking code', async () => {
    const loaded = await builtinsLoadedBy(['list']);
    expect(loaded.filter((m) => NETWORK.includes(m))).toEqual([]);
  });

  it("a start in English loads no other language's words; a start in Spanish loads Spanish", async () => {
    // An ASCII value: the bundle writes other characters as escapes (\\u00e9).
    const spanish = `"${esCore['list.steps_other']}"`;
    expect(spanish).toBe('"{count} pasos"');
    const english = (await filesLoadedBy(['list'], { ISOLAB_LANG: 'en' })).join('\n');
    expect(english).toContain(`"${en['list.steps_other']}"`);
    expect(english).not.toContain(spanish);
    const es = (await filesLoadedBy(['list', '--lang', 'es'])).join('\n');
    expect(es).toContain(spanish);
  });

  it('isolab list, once every lab is in the parse cache, loads neither the lab parser (yaml, marked) nor zod', async () => {
    const state = { ISOLAB_STATE_DIR: join(work, 'state-list') };
    // The first start parses every lab (and fills the cache): the parser is loaded then.
    const first = (await filesLoadedBy(['list'], state)).join('\n');
    expect(librariesIn(first)).toEqual(expect.arrayContaining(['yaml', 'marked']));
    const again = (await filesLoadedBy(['list'], state)).join('\n');
    expect(librariesIn(again)).toEqual([]);
  });

  it("the TUI's first frame loads no report builder: the run report file (ISOLAB_TUI_REPORT) is a test hook, loaded only when asked for", async () => {
    // Words only the report's JUnit form and builder hold.
    const REPORT = '<testsuites name=';
    const home = (await filesLoadedByFirstFrame()).join('\n');
    expect(home).toContain(`"${en['ui.footer.up']}"`);
    expect(home.includes(REPORT), 'the report builder was loaded before the first frame').toBe(false);
  });

  it("the TUI's first frame does not load undici, Node's HTTP client (yoga-layout probed the global fetch for its embedded WebAssembly)", async () => {
    const { files, builtins } = await loadedByFirstFrame();
    expect(files.join('\n')).toContain(`"${en['ui.footer.up']}"`);
    expect(builtins).toContain('NativeModule child_process');
    expect(builtins).not.toContain('undici');
  });

  it('a lab run whose lab is in the parse cache does not load the lab parser', async () => {
    const state = { ISOLAB_STATE_DIR: join(work, 'state-run') };
    await filesLoadedBy(['run', lab, '--yes', '--quiet'], state);
    const again = (await filesLoadedBy(['run', lab, '--yes', '--quiet'], state)).join('\n');
    expect(librariesIn(again)).not.toContain('yaml');
    expect(librariesIn(again)).not.toContain('marked');
    // Nor the lab file's schemas (src/lab/schema.ts): the ledger once took its platform names from there.
    expect(again.includes('must be lowercase letters, digits and dashes'), 'the lab schema was loaded').toBe(false);
  });
});
