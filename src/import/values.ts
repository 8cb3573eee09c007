import type { CaptureType } from '../lab/model.js';
import { placeholdersIn } from '../value/placeholders.js';
import { runnable, outputsOf, type DraftStep } from './draft.js';
import { stableCells, tableOf } from './tables.js';
import { escapeRegex, q } from './yaml-text.js';

/**
 * Container ids, PIDs and container names differ on every run: a command that names one the page
 * printed must use the value this run printed. Each becomes a placeholder, captured (TODO) in the
 * step that printed it; one the importer cannot trace back stays as written, with a note.
 */

interface Literal {
  text: string;
  type: CaptureType;
  base: 'container_id' | 'pid' | 'container_name';
  /** Written by the page as a blank to fill in (`<container-id>`), not a value it printed. */
  blank?: boolean;
}

export interface CapturedLiteral {
  name: string;
  stepIndex: number;
}

export function captureValues(steps: DraftStep[]): Map<string, CapturedLiteral> {
  const captured = new Map<string, CapturedLiteral>();
  const taken = new Set<string>();
  steps.forEach((step, i) => {
    const command = runnable(step);
    if (!command) return;
    // A blank the importer cannot fill (`<your-image>`) would reach the shell as a redirection.
    if (blanksIn(command.code).some((b) => !b)) {
      command.norun = 'placeholder';
      return;
    }
    for (const lit of [...literalsIn(command.code), ...blanksIn(command.code).filter((b): b is Literal => !!b)]) {
      let known = captured.get(lit.text);
      if (!known) {
        if (
          lit.base === 'container_name' &&
          steps.slice(0, i).some((s) => new RegExp(`--name[= ]${escapeRegex(lit.text)}\\b`).test(s.command?.code ?? ''))
        )
          continue;
        const printer = findPrinter(steps, i, lit, true);
        if (!printer && lit.blank) {
          command.norun = 'placeholder';
          return;
        }
        if (!printer) {
          if (lit.base !== 'container_name')
            step.notes.push(
              `TODO: ${lit.text} looks like a ${lit.base === 'pid' ? 'PID' : 'container id'} from the page; capture it in the step that prints it and use a {{placeholder}} here`,
            );
          continue;
        }
        let name: string = lit.base;
        for (let n = 2; taken.has(name); n++) name = `${lit.base}_${n}`;
        taken.add(name);
        known = { name, stepIndex: printer.index };
        captured.set(lit.text, known);
        steps[printer.index]!.checks.push({
          todo: `TODO: capture proposed because a later command ${lit.blank ? 'has the blank' : 'uses'} ${lit.text} (as {{${name}}}); check the pattern against a real run`,
          yaml: `capture: { name: ${name}, type: ${lit.type}, ${printer.selector} }`,
        });
      }
      command.code = command.code.replace(new RegExp(`(?<![\\w.-])${escapeRegex(lit.text)}(?![\\w-])`, 'g'), `{{${known.name}}}`);
    }
  });
  return captured;
}

/**
 * `{{name}}` the page writes itself (a template of another tool) is nothing isolab has a value for:
 * such a command is reading, before it can print or use a value.
 */
export function keepTemplatesAsReading(steps: DraftStep[]): void {
  for (const step of steps) {
    const command = runnable(step);
    if (command && placeholdersIn(command.code).length) command.norun = 'placeholder';
  }
}

/**
 * A docs page often makes its point with one value seen twice: the PID `docker top` printed is the
 * Id that `Get-Process` lists. A PID in a later table that an earlier step printed is captured there,
 * so the row check proposed for the table can match it.
 */
export function relateOutputs(steps: DraftStep[], captured: Map<string, CapturedLiteral>): void {
  const taken = new Set([...captured.values()].map((c) => c.name));
  steps.forEach((step, i) => {
    const output = runnable(step) ? outputsOf(step)[0] : undefined;
    const table = output === undefined ? undefined : tableOf(output);
    const row = table?.rows[0];
    if (!table || !row) return;
    for (const column of table.columns.filter((c) => /^(PID|Id|ProcessId)$/i.test(c))) {
      const value = row[column]!.trim();
      if (!/^\d{2,}$/.test(value) || captured.has(value)) continue;
      const lit: Literal = { text: value, type: 'integer', base: 'pid' };
      const printer = findPrinter(steps, i, lit, false);
      if (!printer) continue;
      let name = 'pid';
      for (let n = 2; taken.has(name); n++) name = `pid_${n}`;
      taken.add(name);
      captured.set(value, { name, stepIndex: printer.index });
      steps[printer.index]!.checks.push({
        todo: `TODO: capture proposed because a later table shows ${value} too (as {{${name}}}); check the pattern against a real run`,
        yaml: `capture: { name: ${name}, type: integer, ${printer.selector} }`,
      });
    }
  });
}

/** Options that take a value, by verb: `docker rm -f` forces, `docker inspect -f` formats. */
const VALUE_OPTIONS: Record<string, string[]> = {
  inspect: ['-f', '--format', '--type'],
  exec: ['-u', '--user', '-e', '--env', '--env-file', '-w', '--workdir', '--detach-keys'],
  logs: ['-n', '--tail', '--since', '--until'],
  stop: ['-t', '--time', '-s', '--signal'],
  restart: ['-t', '--time', '-s', '--signal'],
  kill: ['-s', '--signal'],
  stats: ['--format'],
  start: ['--detach-keys'],
  attach: ['--detach-keys'],
};
const CONTAINER_VERB =
  /(?:^|[;&|(]\s*|\$\(\s*)(?:sudo\s+)?(?:docker|podman|nerdctl)\s+(?:container\s+)?(top|exec|stop|rm|kill|inspect|logs|attach|restart|start|port|stats|pause|unpause|wait|diff|export|update)\b([^\n;&|)]*)/g;
const MANY = new Set(['stop', 'rm', 'kill', 'inspect', 'start', 'restart', 'pause', 'unpause', 'wait', 'stats']);
const PID_POSITIONS = [
  /\/proc\/(\d+)(?=\/|\s|$)/g,
  /\bkill\s+(?:-\S+\s+)*(\d+)/g,
  /\bnsenter\b[^\n;|]*?(?:-t|--target)[=\s]+(\d+)/g,
  /\b(?:ps|top|lsns|strace|pstree|prlimit|pidstat|pmap|pwdx|taskset|renice)\b[^\n;|]*?(?:-p|--pid|--pids)[=\s]+(\d+)/g,
  /\b(?:Get|Stop|Wait|Debug)-Process\b[^\n;|]*?-Id\s+(\d+)/gi,
  /\btaskkill\b[^\n;|]*?\/PID\s+(\d+)/gi,
];

function literalsIn(code: string): Literal[] {
  const flat = code.replace(/[\\`]\n/g, ' ');
  const found = new Map<string, Literal>();
  const add = (l: Literal) => {
    if (!found.has(l.text)) found.set(l.text, l);
  };
  for (const m of flat.matchAll(/(?<![\w:])[0-9a-f]{64}(?!\w)/g)) add({ text: m[0], type: 'hexid', base: 'container_id' });
  for (const m of flat.matchAll(CONTAINER_VERB)) {
    const tokens = m[2]!.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.startsWith('-')) {
        if (VALUE_OPTIONS[m[1]!]?.includes(t)) i++;
        continue;
      }
      if (/^[0-9a-f]{12,64}$/.test(t)) add({ text: t, type: 'hexid', base: 'container_id' });
      else if (/^[A-Za-z0-9][\w.-]*$/.test(t)) add({ text: t, type: 'name', base: 'container_name' });
      if (!MANY.has(m[1]!)) break;
    }
  }
  for (const re of PID_POSITIONS)
    for (const m of flat.matchAll(re)) if (Number(m[1]) > 1) add({ text: m[1]!, type: 'integer', base: 'pid' });
  return [...found.values()];
}

/**
 * Blanks docs write for the reader to fill: `<container-id>`, `<ID del contenedor>`, `<PID>`. One
 * that names a container id or a PID can be filled from a capture; any other is undefined here.
 */
function blanksIn(code: string): (Literal | undefined)[] {
  const blanks = [...code.matchAll(/<([^\s<>()&|;'"`$\\/=](?:[^<>\n]{0,40}[^\s<>])?)>/g)];
  // `echo '<h1>hi</h1>'` is HTML in a string, not a blank.
  const quoted = (at: number) => {
    const before = code.slice(code.lastIndexOf('\n', at) + 1, at);
    return (before.split("'").length - 1) % 2 === 1 || (before.split('"').length - 1) % 2 === 1;
  };
  return blanks
    .filter((m) => !quoted(m.index!))
    .map((m) => {
      const words = m[1]!.toLowerCase();
      const container = /container|contenedor|conteneur|容器/.test(words);
      if (/\bpid\b|process.?id|proceso|processus|进程/.test(words)) return { text: m[0], type: 'integer', base: 'pid', blank: true };
      if (container && /\bid\b|id$|^id/.test(words)) return { text: m[0], type: 'hexid', base: 'container_id', blank: true };
      return undefined;
    });
}

/** The nearest earlier runnable step of the same platform whose output shows the value, or that prints it. */
function findPrinter(steps: DraftStep[], at: number, lit: Literal, orCommand: boolean): { index: number; selector: string } | undefined {
  const platform = steps[at]!.command!.platform;
  const token = new RegExp(`(?<![\\w.-])${escapeRegex(lit.text)}${lit.type === 'hexid' ? '[0-9a-f]*' : ''}(?![\\w-])`);
  for (let i = at - 1; i >= 0; i--) {
    if (runnable(steps[i]!)?.platform !== platform) continue;
    for (const output of outputsOf(steps[i]!)) {
      const hit = token.exec(output);
      if (hit) return { index: i, selector: selectorFor(output, hit[0], lit) };
    }
  }
  // Docs often leave out what a command printed: `docker run -d` prints the new container's id.
  if (!orCommand) return undefined;
  const prints =
    lit.type === 'hexid'
      ? /\b(docker|podman)\s+(container\s+)?(run\b[^\n]*\s(-d|--detach)\b|create\b)/
      : lit.type === 'integer'
        ? /\becho\s+\$!|\bpgrep\b|\bpidof\b|State\.Pid/
        : undefined;
  for (let i = at - 1; prints && i >= 0; i--) {
    const command = runnable(steps[i]!);
    if (command?.platform !== platform || !prints.test(command.code)) continue;
    return { index: i, selector: `regex: ${q(`^\\s*${group(lit, 64)}\\s*$`)}` };
  }
  return undefined;
}

function group(lit: Literal, length: number): string {
  if (lit.type === 'integer') return '(\\d+)';
  if (lit.type === 'hexid') return length === 64 ? '([0-9a-f]{64})' : '([0-9a-f]{12,64})';
  return '([A-Za-z0-9][\\w.-]*)';
}

/** How to find the value in output shaped like the page's: its table column, or its line. */
function selectorFor(output: string, shown: string, lit: Literal): string {
  const table = tableOf(output);
  if (table) {
    for (const row of table.rows) {
      const column = table.columns.find((c) => row[c]!.trim() === shown);
      if (!column) continue;
      const [where] = stableCells(table, row, (v) => v === shown);
      return `table: { column: ${q(column)}${where ? `, where: { ${q(where[0])}: ${q(where[1])} }` : ''} }`;
    }
  }
  const line = output.split('\n').find((l) => l.includes(shown))!;
  const words = line.trim().split(/\s+/);
  const at = words.findIndex((w) => w.includes(shown));
  const parts = words.slice(0, at + 2).map((w, i) => {
    if (i === at) return w.split(shown).map(escapeRegex).join(group(lit, shown.length));
    if (/^\d+$/.test(w)) return '\\d+';
    if (/^[0-9a-f]{12,}$/.test(w)) return '[0-9a-f]+';
    return escapeRegex(w);
  });
  if (at + 1 < words.length && /\d/.test(words[at + 1]!)) parts.pop(); // a number after it varies too
  // `-\->` matches `-->`, which would end the annotation the regex is written in.
  return `regex: ${q(`^\\s*${parts.join('\\s+')}${at === words.length - 1 ? '\\s*$' : ''}`.replace(/-->/g, '-\\->'))}`;
}
