import { describe, expect, it } from 'vitest';
import { CATALOGS, loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { ROOT } from '../helpers/cli.js';
import {
  captureNameLines,
  checkScreen,
  codeLines,
  contextFor,
  cutLines,
  cutOutputLines,
  englishLines,
  footerShown,
  moreBelow,
  placeholderLines,
  reachableVerdicts,
  resultsBelow,
  verdictLines,
  verdictsBelow,
} from '../helpers/screen-contract.js';

/**
 * The screen contract's detectors (test/helpers/screen-contract.ts) must be able to fail: each is fed
 * a screen that breaks its rule, and one that keeps it. The tmux walk
 * (test/e2e/screen-contract.test.ts) is only as good as these.
 */

loadCatalogs();
const en80 = contextFor(ROOT, 'en', 80);
const fr80 = contextFor(ROOT, 'fr', 80);
const vocabulary = new Set(['a', 'container', 'engine', 'needs', 'passed', 'ms', 'the', 'it', 'has']);
/** A line of exactly `cols` columns: `text` padded on the left. */
const flush = (text: string, cols = 40) => ' '.repeat(cols - text.length) + text;

describe('a line cut without a marker', () => {
  it('is a line that fills the width and ends inside a word', () => {
    expect(cutLines([flush('keeps one co')], 40, vocabulary)).toEqual([0]);
  });

  it('is a duration cut at the edge, even when the number is a whole word elsewhere', () => {
    expect(cutLines([flush('✔ passed · 88')], 40, new Set([...vocabulary, '88']))).toEqual([0]);
  });

  it('is a link cut at the edge (the real end screen at 80 columns)', () => {
    const url = 'https://learn.microsoft.com/virtualization/windowscontainers/manage-containers/h';
    expect(cutLines([url], 80, en80.vocabulary)).toEqual([0]);
  });

  it('is not a wrapped verdict that ends flush with a number its hanging-indented next line continues', () => {
    const es60 = contextFor(ROOT, 'es', 60);
    const screen = [
      '✔ El kernel registra el proceso 32274 con dos números: 32274',
      '  para el host y 1 dentro de su espacio de nombres. Un solo',
    ];
    expect(cutLines(screen, 60, es60.vocabulary)).toEqual([]);
  });

  it('is not a line that ends flush with a whole word (wrapped at a word boundary)', () => {
    expect(cutLines([flush('group a'), 'container engine needs.'], 40, vocabulary)).toEqual([]);
  });

  it('is not a line that says it goes on (… → ↓) or ends with punctuation', () => {
    expect(cutLines([flush('keeps one co…'), flush('a long command →'), flush('it has.')], 40, vocabulary)).toEqual([]);
  });

  it('is not a line shorter than the screen, whatever it ends with', () => {
    expect(cutLines(['keeps one co'], 40, vocabulary)).toEqual([]);
  });

  it('is not a status column that ends flush with its duration ("✔ passed · 1.68 sec")', () => {
    const header = `7/11 One worker per sandbox, matched by id${' '.repeat(19)}✔ passed · 1.68 sec`;
    expect(header.length).toBe(80);
    expect(cutLines([header], 80, en80.vocabulary)).toEqual([]);
  });

  it('is a status column cut inside its word or its duration (60 columns, Spanish and English)', () => {
    const es60 = contextFor(ROOT, 'es', 60);
    const line = '1/8 Iniciar un proceso en espacios de nombres nuevos ✔ super';
    expect(cutLines([line], line.length, es60.vocabulary)).toEqual([0]);
    expect(cutLines(['the kernel ✔ passed · 11'], 24, en80.vocabulary)).toEqual([0]);
  });

  it('is not a line of a command that the next line continues, even when it ends with a value of this run', () => {
    const screen = ['$ for name in isolab-int-proc-20261206-3ee09a62', '  isolab-int-vm1-20261206-3ee09a62; do docker rm "$name"; done'];
    expect(cutLines(screen, screen[0]!.length, en80.vocabulary)).toEqual([]);
  });

  it('is the last line of a command the screen cut, with nothing under it but the footer', () => {
    const screen = ['$ for name in isolab-int-proc-20261206-3ee09a62', '↑↓ move · Enter run · q quit'];
    expect(cutLines(screen, screen[0]!.length, en80.vocabulary)).toEqual([0]);
  });

  it('is not a line of Chinese filling the width: Chinese may break after any character', () => {
    expect(cutLines(['这台计算机'.repeat(4)], 40, vocabulary)).toEqual([]);
  });

  it('counts a Chinese character as two columns', () => {
    // 19 characters of Chinese are 38 columns: "ab" fills the last two, and is no word.
    expect(cutLines([`${'这'.repeat(19)}ab`], 40, vocabulary)).toEqual([0]);
  });
});

describe("a line of a command's output cut without a marker", () => {
  // docker top at 100 columns on main: its columns are 20 wide, so the pane's edge fell in the run of
  // spaces after STIME; TTY, TIME and CMD were gone, and the line ended short of the edge.
  const pad = (cells: string[]) =>
    cells
      .map((c) => c.padEnd(20))
      .join('')
      .trimEnd();
  const printed = [
    pad(['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']),
    pad(['root', '2428', '2407', '0', '22:34', '?', '00:00:00', 'ping 127.0.0.1']),
  ];
  const screen = [
    "✔ passed: docker top lists the container's ping with PID 2428.",
    'output:',
    `│ ${printed[0]!.slice(0, 85)}`.trimEnd(),
    `│ ${printed[1]!.slice(0, 85)}`.trimEnd(),
    '↑↓ move · Enter next step · o full output · q quit',
  ];

  it('is a line below the verdicts that shows the beginning of a longer line the step printed, cut in a run of spaces', () => {
    expect(cutLines(screen, 100, en80.vocabulary)).toEqual([]); // the screen alone cannot tell
    expect(
      checkScreen(screen.join('\n'), contextFor(ROOT, 'en', 100), printed)
        .filter((v) => v.rule === 'cut')
        .map((v) => v.line),
    ).toEqual([3, 4]);
  });

  it('is not a line that says it goes on (→), nor a line printed whole', () => {
    const marked = [
      screen[0]!,
      screen[1]!,
      `│ ${printed[0]!.slice(0, 97)}→`,
      `│ ${printed[1]!.slice(0, 97)}→`,
      '│ PID COMMAND',
      screen[4]!,
    ];
    expect(cutOutputLines(marked, [...printed, 'PID COMMAND'])).toEqual([]);
  });
});

describe('the walk and its detectors, on screens of the longer walk (every line below the verdicts, a larger explanation)', () => {
  it('pages the results while they say lines are below, not while the command box says its lines are', () => {
    const command = '↓ 7 more lines of the command: m shows them';
    expect(resultsBelow('en')([command, '↑ end of the results: PgUp / k scrolls back'])).toBe(false);
    expect(resultsBelow('en')([command, '↑ 9 lines above · ↓ 3 more lines below: PgDn / j scrolls'])).toBe(true);
    expect(resultsBelow('fr')(['↓ 2 lignes de plus en dessous : Pg suiv / j pour défiler'])).toBe(true);
    expect(resultsBelow('zh-CN')(['↓ 命令下方还有 7 行：按 m 显示'])).toBe(false);
    expect(resultsBelow('zh-CN')(['↓ 命令下方还有 7 行：按 m 显示', '↓ 下方还有 3 行：按 PgDn / j 滚动'])).toBe(true);
  });

  it('takes a command to read under its label, in any language, for code: its Go template is no placeholder', () => {
    for (const lang of ['en', 'fr', 'zh-CN']) {
      const label = (CATALOGS[lang] as Record<string, string>)['ui.command.toRead']!.replace('{platform}', 'windows');
      const screen = [
        label,
        "  docker version -f 'client {{.Client.Version}} server {{.Server.Version}}'",
        '',
        'The {{name}} here is prose.',
      ];
      expect(placeholderLines(screen), lang).toEqual([3]);
    }
  });

  it('is not the last line of a command box that m scrolls, its marker under it', () => {
    const screen = [
      "$ printf '%-40s %-12s %s\\n' CONTAINER SANDBOX_PID WORKER",
      '  for name in isolab-int-proc-20261206-ca9d1241 isolab-int-vm1-20261206-ca9d1241',
      '↓ 7 more lines of the command: m shows them',
    ];
    expect(cutLines(screen, screen[1]!.length, en80.vocabulary)).toEqual([]);
  });
});

describe('what the learner reads', () => {
  it('never shows a {{placeholder}}', () => {
    const found = checkScreen('Step 1\nThe process {{inner_pid}} runs.\n↑↓ move · ? help', en80).map((v) => v.rule);
    expect(found).toContain('placeholder');
  });

  it("lets a command's own Go template be, but not a lab's placeholder in a command", () => {
    expect(placeholderLines(["$ docker info -f '{{.DockerRootDir}}'", "$ docker info -f '{{json .Runtimes}}'"])).toEqual([]);
    expect(placeholderLines(['$ kill {{inner_pid}}', "Docker's {{.Name}} template"])).toEqual([0, 1]);
  });

  it('never names a capture in snake_case', () => {
    expect(captureNameLines(['✔ captured host_kernel = 6.1.0', 'PID (the inner_pid was not captured)'])).toEqual([
      { line: 0, name: 'host_kernel' },
      { line: 1, name: 'inner_pid' },
    ]);
  });

  it('lets commands, their output, paths and quoted code name files as they must', () => {
    const screen = [
      '$ cat /proc/sys/kernel/ns_last_pid',
      '  echo $ISOLAB_VALUE_INNER_PID my_file',
      '│ ns_last_pid 42',
      'Read `ns_last_pid` in /proc/sys/kernel/ns_last_pid.',
    ];
    expect(codeLines(screen)).toEqual([true, true, true, false]);
    expect(captureNameLines(screen)).toEqual([]);
  });

  it('takes a part of a long command scrolled into its box for code, though its $ line is above the box', () => {
    const screen = [
      '↓ more below: Space scrolls (1/28 lines)',
      '    id=$(docker inspect -f \'{{.Id}}\' "$name") || exit 1',
      '  [ /proc/self/ns/net -ef /proc/1/ns/net ] && echo net_ns',
      '↑ end of the command: m goes back to its top',
      '  Space     scroll the explanation down',
    ];
    expect(codeLines(screen)).toEqual([false, true, true, false, false]);
    expect(placeholderLines(screen)).toEqual([]);
    expect(captureNameLines(screen)).toEqual([]);
  });

  it('on a French screen, shows no English word of the UI (the footer left in English)', () => {
    const footer = '↑↓ choisir · Enter next step · s skip · ? aide · q quitter';
    expect(englishLines([footer], fr80.englishOnly).map((f) => f.word)).toContain('next');
    expect(checkScreen(`Étape 1\n${footer}`, fr80).map((v) => v.rule)).toContain('english');
  });

  it('on a French screen, lets French words and words French shares with English be', () => {
    const footer = '↑↓ choisir · Entrée étape suivante · s sauter · e shell · ? aide · q quitter';
    expect(englishLines([footer], fr80.englishOnly)).toEqual([]);
    expect(checkScreen(`Étape 1\n${footer}`, fr80)).toEqual([]);
  });

  it('keeps the footer on screen (nothing pushed it off)', () => {
    expect(footerShown(['1/8 Step', 'text', '', '↑↓ move · Enter run · ? help · q quit', ''], en80.footerWords)).toBe(true);
    expect(footerShown(['1/8 Step', 'text', 'more text', 'and your'], en80.footerWords)).toBe(false);
    expect(checkScreen('1/8 Step\ntext\nmore text', en80).map((v) => v.rule)).toEqual(['footer']);
  });
});

describe('every verdict of a step is reachable', () => {
  it('counts the first line of each verdict, from the first column only (not the step list)', () => {
    expect(
      verdictLines(['›✔ 1. Start', ' ✔ 2. Inside', '✔ exit status 0', '  container engine needs.', '✘ no PID 1', '? exit: not judged']),
    ).toEqual(['✔ exit status 0', '✘ no PID 1', '? exit: not judged']);
  });

  it('does not take a footer line that starts with the help key for a check not judged', () => {
    expect(verdictLines(['✔ réussie : code de sortie 0', '? aide · q quitter', '? nspid: non jugée'])).toEqual([
      '✔ réussie : code de sortie 0',
      '? nspid: non jugée',
    ]);
  });

  it('pages on while the results say verdicts are below, in any language, after an "above" marker too', () => {
    expect(verdictsBelow('en')(['↓ 6 more lines below (4 verdicts): PgDn / j scrolls'])).toBe(true);
    expect(verdictsBelow('en')(['↑ 1 line above · ↓ 1 more line below (1 verdict): PgDn / j scrolls'])).toBe(true);
    expect(verdictsBelow('fr')(['↓ 2 lignes de plus en dessous (dont 2 verdicts) : Pg suiv / j pour défiler'])).toBe(true);
    expect(verdictsBelow('zh-CN')(['↓ 下方还有 3 行（3 条判定）：按 PgDn / j 滚动'])).toBe(true);
    // The short form a narrow screen shows.
    expect(verdictsBelow('fr')(['↑ 1 ligne · ↓ 5 lignes (dont 3 verdicts) · Pg suiv / j'])).toBe(true);
    expect(verdictsBelow('fr')(['↓ 3 lignes de plus en dessous : Pg suiv / j pour défiler'])).toBe(false);
    expect(verdictsBelow('es')(['↑ 2 líneas · ↓ 3 líneas · AvPág / j'])).toBe(false);
    // Lines of output below, the step list's marker, the explanation's: no verdict is below.
    expect(
      verdictsBelow('en')(['↓ 4 more lines below: PgDn / j scrolls', '  ↓ 4 more steps', '↓ more below: Space scrolls (3/50 lines)']),
    ).toBe(false);
  });

  it('says the help goes on while its marker says lines are below, after an "above" marker too', () => {
    expect(moreBelow('en')(['↑ 15 lines above · ↓ 5 more lines below: PgDn / j scrolls'])).toBe(true);
    expect(moreBelow('zh-CN')(['↓ 下方还有 20 行：按 PgDn / j 滚动'])).toBe(true);
    // A key of the help ("↓ / n  next step") is no marker.
    expect(moreBelow('en')(['  ↓ / n     next step', '↑ end of the results: PgUp / k scrolls back'])).toBe(false);
  });

  it('counts a verdict seen on two pages once', () => {
    const page1 = ['✔ exit status 0', '✔ one', '↓ 2 more verdicts below: PgDn / j scrolls'];
    const page2 = ['✔ one', '✔ two', '✔ three'];
    expect(reachableVerdicts([page1, page2])).toBe(4);
  });

  it('counts two verdicts with the same words when one page shows both', () => {
    expect(reachableVerdicts([['✔ exit status 0', '✔ exit status 0']])).toBe(2);
  });

  it('finds fewer verdicts than checks when the screen hides some with no marker', () => {
    // namespaces step 4 at 80×24 on main: five checks, two verdicts on screen, nothing says more.
    const screen = [
      '4/8 Which namespaces it has',
      '$ [ /proc/self/ns/pid -ef … ]',
      '✔ exit status 0, as expected',
      '✔ The sleep has a PID namespace of its own.',
      '↑↓ move · ? help',
    ];
    expect(reachableVerdicts([screen])).toBe(2);
  });
});
