import { execa } from 'execa';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/cli.js';
import { npmChildEnv } from './helpers/npm-env.js';

// isolab as users get it: `npm pack`, installed four ways into temporary prefixes, run with the user's
// own Node (24 here, first on PATH) from a folder that is not the repository.
const NODE24 = join(ROOT, 'node_modules', 'node', 'bin', 'node');
const SYSTEM_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find(existsSync)!;
// pnpm is a pinned devDependency: the lockfile installs it, no download at test time.
const PNPM = join(ROOT, 'node_modules', 'pnpm', 'bin', 'pnpm.mjs');

const work = tempDir('isolab-pack-');
const nodeDir = join(work, 'node24');
mkdirSync(nodeDir);
symlinkSync(NODE24, join(nodeDir, 'node'));
const PATH = `${nodeDir}:/usr/local/bin:/usr/bin:/bin`;
// Only what a user's shell would have: no npm_config_* from an `npm test` around us, but the registry,
// CA and proxy settings the user's npm has (the Node 24 first on PATH reads no global npmrc of its own).
const baseEnv = { PATH, HOME: process.env.HOME ?? work, NO_COLOR: '1', ISOLAB_LANG: 'en', ...npmChildEnv() };
let tarball = '';

beforeAll(async () => {
  // The dist/ that every other test runs (`npm test` builds it first): packing does not rebuild it under them.
  expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js'))).toBe(true);
  const r = await execa('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], {
    cwd: ROOT,
    env: baseEnv,
    extendEnv: false,
  });
  tarball = join(work, r.stdout.trim().split('\n').pop()!);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sh(file: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  return execa(file, args, { cwd: opts.cwd ?? work, env: { ...baseEnv, ...opts.env }, extendEnv: false, reject: false, stdin: 'ignore' });
}

describe('the packed tarball', () => {
  it('ships the licences, the provisioning script doctor names (and the VM build it calls), the class dashboard, and no source maps', async () => {
    const files = (await sh('tar', ['-tzf', tarball])).stdout.split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'NOTICE',
        'package.json',
        'bin/isolab.js',
        'dist/cli/main.js',
        'dist/THIRD-PARTY-LICENSES.txt',
        'scripts/provision-linux-host.sh',
        // The provisioning script calls it to build the utility-vm lab's VM.
        'scripts/build-utility-vm.sh',
        'labs/hyperv-isolation.md',
        'docs/hosts.md',
        'docs/glossary/es.md',
        'docs/glossary/fr.md',
        'docs/glossary/zh-CN.md',
        // The class dashboard an installed isolab serves itself, and how to run a workshop.
        'dist/class/dashboard.js',
        'dist/class/dashboard.css',
        'docs/class.md',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });
});

type Way = { name: string; install: (dir: string) => Promise<string> };
const WAYS: Way[] = [
  {
    name: 'npm i -g (engine-strict)',
    install: async (dir) => {
      await expectOk(sh('npm', ['i', '-g', '--engine-strict', '--prefix', dir, tarball]));
      return join(dir, 'bin', 'isolab');
    },
  },
  {
    name: 'npm i -g --ignore-scripts',
    install: async (dir) => {
      await expectOk(sh('npm', ['i', '-g', '--ignore-scripts', '--prefix', dir, tarball]));
      return join(dir, 'bin', 'isolab');
    },
  },
  {
    name: 'pnpm add -g',
    install: async (dir) => {
      const home = join(dir, 'pnpm');
      // pnpm keeps its store, cache and state under these: all inside the temporary folder.
      const env = {
        PNPM_HOME: home,
        PATH: `${join(home, 'bin')}:${PATH}`,
        XDG_CACHE_HOME: join(dir, 'cache'),
        XDG_DATA_HOME: join(dir, 'data'),
        XDG_STATE_HOME: join(dir, 'state'),
        XDG_CONFIG_HOME: join(dir, 'config'),
      };
      await expectOk(sh(NODE24, [PNPM, 'add', '-g', tarball], { env }));
      return join(home, 'bin', 'isolab');
    },
  },
  {
    name: 'as a dependency',
    install: async (dir) => {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true }));
      await expectOk(sh('npm', ['i', tarball], { cwd: dir }));
      return join(dir, 'node_modules', '.bin', 'isolab');
    },
  },
];

async function expectOk(p: ReturnType<typeof sh>) {
  const r = await p;
  expect(r.exitCode, `${r.command}\n${r.stderr}`).toBe(0);
  return r;
}

describe.each(WAYS)("installed with $name, run with the user's Node 24", ({ install }) => {
  let bin = '';
  let dir = '';
  const stateDir = () => ({ ISOLAB_STATE_DIR: join(dir, 'isolab-state') });
  beforeAll(async () => {
    dir = join(work, `install-${WAYS.findIndex((w) => w.install === install)}`);
    mkdirSync(dir);
    bin = await install(dir);
  }, 180_000);

  it('isolab list shows the shipped lab', async () => {
    const r = await sh(bin, ['list'], { env: stateDir() });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^hyperv-isolation\s+Process isolation or a kernel of its own\?/m);
  });

  it('isolab doctor checks the machine, and its fix names a script that exists', async () => {
    const ready = await sh(bin, ['doctor'], { env: stateDir() });
    expect(ready.stdout).toContain('✔ platform: linux');
    expect(ready.exitCode, ready.stdout).toBe(0);
    const broken = await sh(bin, ['doctor', 'hyperv-isolation'], { env: { ...stateDir(), DOCKER_HOST: 'unix:///nonexistent.sock' } });
    expect(broken.exitCode).toBe(3);
    const script = /sudo (\S+provision-linux-host\.sh)/.exec(broken.stdout)?.[1];
    expect(script && isAbsolute(script) && existsSync(script), broken.stdout).toBe(true);
  });

  it('isolab lint finds its glossaries where it is installed: a refused term in a translation is reported', async () => {
    const labs = join(dir, 'my-labs');
    mkdirSync(join(labs, 'fr'), { recursive: true });
    writeFileSync(join(labs, 'l.md'), '---\nid: l\ntitle: T\nplatforms: [linux]\n---\n\nIn this lab.\n');
    writeFileSync(join(labs, 'fr', 'l.md'), '---\nid: l\nlang: fr\ntranslationOf: l\ntitle: T\n---\n\nDans cet atelier.\n');
    const r = await sh(bin, ['lint', labs], { env: stateDir() });
    expect(r.stdout).toContain('fr/l.md:8: the glossary does not use "atelier" (Dans cet atelier.): write "labo"');
  });

  it('isolab --read-only run hyperv-isolation shows the steps and runs nothing', async () => {
    const r = await sh(bin, ['--read-only', 'run', 'hyperv-isolation'], { env: stateDir() });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('docker run -d');
    expect(r.stdout).toContain('example output from the docs');
  });
});

describe('an installed isolab on a Node that is too old', () => {
  // The installs above, found again (install-0: npm i -g; install-3: as a dependency), run by the
  // system's Node 20.
  const installed = () => join(work, 'install-0', 'lib', 'node_modules', 'isolab');

  it("names the ways to install a current Node, in the reader's language, instead of crashing", async () => {
    const expected: Record<string, RegExp> = {
      en: /isolab needs Node\.js 22\.13 or newer; this is v20[\s\S]*https:\/\/nodejs\.org[\s\S]*nvm install 24/,
      es: /isolab necesita Node\.js 22\.13 o posterior[\s\S]*https:\/\/nodejs\.org/,
      'zh-CN': /isolab 需要 Node\.js 22\.13 或更高版本[\s\S]*https:\/\/nodejs\.org/,
      fr: /isolab nécessite Node\.js 22\.13 ou version ultérieure[\s\S]*https:\/\/nodejs\.org/,
    };
    for (const [lang, text] of Object.entries(expected)) {
      const r = await sh(SYSTEM_NODE, [join(installed(), 'bin', 'isolab.js'), 'list'], { env: { ISOLAB_LANG: lang } });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(text);
      expect(r.stderr).not.toContain('npm ci');
    }
  });

  it('never borrows a Node from a node_modules folder it happens to sit in', async () => {
    // As a dependency of a project that has the `node` package: that Node is the project's, not ours.
    const project = join(work, 'install-3', 'node_modules');
    mkdirSync(join(project, 'isolab', 'node_modules', 'node', 'bin'), { recursive: true });
    symlinkSync(NODE24, join(project, 'isolab', 'node_modules', 'node', 'bin', 'node'));
    const r = await sh(SYSTEM_NODE, [join(project, 'isolab', 'bin', 'isolab.js'), '--version']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('isolab needs Node.js 22.13 or newer');
  });
});

describe('what the bundle imports at run time', () => {
  it('is a Node built-in or listed in dependencies (string-width once was neither)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const allowed = new Set([
      ...builtinModules,
      ...builtinModules.map((m) => `node:${m}`),
      ...Object.keys(pkg.dependencies ?? {}),
      // ink imports it only when DEV=true and it is installed: React's developer tools, never a user's.
      'react-devtools-core',
    ]);
    const bare = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*["']((?:@[\w.~-]+\/)?[\w~-][\w.~-]*(?:\/[\w./-]+)?)["']/g;
    const dist = join(ROOT, 'dist');
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(files).toContain(join('cli', 'main.js'));
    const unlisted = files
      .flatMap((f) => [...readFileSync(join(dist, f), 'utf8').matchAll(bare)].map((m) => m[1]!))
      .filter(
        (s) =>
          !allowed.has(
            s
              .split('/')
              .slice(0, s.startsWith('@') ? 2 : 1)
              .join('/'),
          ) && !allowed.has(s),
      );
    expect(unlisted).toEqual([]);
  });
});
