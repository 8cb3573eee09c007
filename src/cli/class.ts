import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { networkInterfaces, userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { askWrapped, wrappedToTerminal } from './terminal-out.js';
import { shareAnswer } from './answer.js';
import { classInfo } from '../class/client.js';
import { formatOfFile, exportView } from '../class/formats.js';
import { labWordsFor } from '../class/lab-words.js';
import { parseJoinUrl, readMembership, removeMembership, writeMembership, type Membership } from '../class/membership.js';
import { exportDocument, MergeError, mergeFiles } from '../class/merge.js';
import { Outbox, readJournal } from '../class/outbox.js';
import { dashboardAssets, offlinePage } from '../class/page.js';
import { databaseFile, journalFile, rejectedDir } from '../class/paths.js';
import { randomId, Recorder } from '../class/recorder.js';
import {
  MAX_BYTES_PER_LEARNER,
  MAX_CLASS_BYTES,
  MAX_CLASS_NAME,
  MAX_LEARNER_NAME,
  oneLineProblem,
  type TextProblem,
} from '../class/schema.js';
import { Sender } from '../class/sender.js';
import { dashboardStrings } from '../class/strings.js';
import { classView } from '../class/view.js';
import { wordsFor } from '../class/words.js';
import { hostPlatform } from '../host/platform.js';
import { EXIT, UsageError, type CliContext } from './context.js';
import { msg } from '../i18n/translate.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const DEFAULT_LISTEN = '0.0.0.0:7373';

/** `isolab class start`: the class's server, until Ctrl+C. */
export async function classStart(
  opts: { listen?: string; title?: string; shareOutput?: boolean; new?: boolean; maxLearners?: string },
  ctx: CliContext,
  stop: AbortSignal = signalOnStop(),
): Promise<number> {
  const { t, c, out } = ctx;
  const listen = parseListen(opts.listen ?? DEFAULT_LISTEN);
  if (!listen) throw new UsageError(t('class.start.badListen', { value: opts.listen ?? '' }), t('class.start.badListenHint'));
  if (opts.title !== undefined) {
    const problem = oneLineProblem(opts.title, MAX_CLASS_NAME);
    if (problem) throw new UsageError(t('class.start.badTitle', { problem: textProblem(problem, t) }), t('class.start.badTitleHint'));
  }
  // A class that was full is started again with room: the learners it turned away (503) are taken then.
  const maxLearners = opts.maxLearners === undefined ? undefined : learnerLimit(opts.maxLearners);
  if (maxLearners === null) throw new UsageError(t('class.start.badMaxLearners', { value: opts.maxLearners ?? '' }));
  try {
    await import('node:sqlite');
  } catch {
    throw new UsageError(t('class.start.noSqlite', { version: process.version }));
  }
  const [{ ClassStore, ClassStoreProblem }, { ClassServer }] = await Promise.all([
    import('../class/store.js'),
    import('../class/server.js'),
  ]);
  const assets = dashboardAssets();
  const file = databaseFile();
  let store: Awaited<ReturnType<typeof ClassStore.open>>;
  try {
    store = await ClassStore.open(file, {
      ...(opts.title !== undefined ? { className: opts.title } : {}),
      ...(opts.shareOutput !== undefined ? { shareOutput: opts.shareOutput } : {}),
      ...(opts.new ? { fresh: true } : {}),
    });
  } catch (e) {
    // A damaged or forged class database: which file, what is wrong, and the way out (--new keeps it aside).
    if (!(e instanceof ClassStoreProblem)) throw e;
    throw new UsageError(t('class.db.unusable', { file: e.file, why: e.why }), t('class.db.unusableHint'));
  }
  const locale = ctx.locale.locale;
  const server = new ClassServer({
    store,
    locale,
    t,
    strings: dashboardStrings(locale),
    labWords: labWordsFor(locale),
    assets,
    ...(maxLearners !== undefined
      ? { budget: { learnerBytes: MAX_BYTES_PER_LEARNER, classBytes: MAX_CLASS_BYTES, learners: maxLearners } }
      : {}),
  });
  let port: number;
  try {
    port = (await server.listen(listen.host, listen.port)).port;
  } catch (e) {
    store.close();
    const address = `${listen.host}:${listen.port}`;
    throw new UsageError(t('class.start.cannotListen', { address, error: (e as Error).message }), listenHint(e, listen.host, t));
  }
  const { joinKey, dashboardKey, className } = store.meta;
  const wildcard = listen.host === '0.0.0.0' || listen.host === '::';
  const loopback = /^(127\.|::1$|localhost$)/.test(listen.host);
  const hostPart = (h: string) => (h.includes(':') ? `[${h}]` : h);
  const joinHosts = wildcard ? lanAddresses() : [listen.host];
  // Sentences wrap to the terminal between words; a command or link the instructor copies stays whole on its line.
  const say = wrappedToTerminal(out);
  say.write(`${c.bold(t('class.start.opened', { name: className, file }))}\n\n${t('class.start.joinLine')}\n`);
  for (const h of joinHosts.length ? joinHosts : ['127.0.0.1'])
    out.write(`  ${c.cyan(`isolab class join http://${hostPart(h)}:${port}/j/${joinKey}`)}\n`);
  const dashHost = wildcard ? '127.0.0.1' : listen.host;
  say.write(`\n${t('class.start.dashboard')}\n`);
  out.write(`  ${c.cyan(`http://${hostPart(dashHost)}:${port}/d/${dashboardKey}/`)}\n\n`);
  if (loopback) say.write(`${c.yellow(t('class.start.loopbackOnly', { address: listen.host, port }))}\n`);
  if (store.meta.shareOutput) say.write(`${c.yellow(t('class.start.shareOutput'))}\n`);
  say.write(`${c.dim(t('class.start.stop'))}\n`);
  await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  const count = server.eventCount;
  await server.close();
  store.close();
  say.write(`\n${t('class.start.stopped', { count })}\n`);
  return EXIT.ok;
}

/** Why a listen failed, in the instructor's words: a busy port, an address this machine does not have, a port it may not open. */
function listenHint(e: unknown, host: string, t: CliContext['t']): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return t('class.start.addressNotHereHint', { host });
  if (code === 'EACCES') return t('class.start.noPermissionHint');
  return t('class.start.cannotListenHint');
}

function signalOnStop(): AbortSignal {
  const ac = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, () => ac.abort());
  return ac.signal;
}

/** "0.0.0.0:7373", "127.0.0.1:0", "[::1]:7373", "class.lan:80". */
export function parseListen(value: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([\w.-]+)):(\d{1,5})$/.exec(value.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  return { host: m[1] ?? m[2]!, port };
}

/** This machine's addresses on its networks: what learners on the LAN can type. */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

/** Names a person reads on the dashboard: not blank, no control or invisible characters (the schema's rule, worded here). */
function checkName(name: string, t: CliContext['t']): string {
  const problem = oneLineProblem(name, MAX_LEARNER_NAME);
  if (problem) throw new UsageError(t('class.join.badName', { problem: textProblem(problem, t) }), t('class.join.badNameHint'));
  return name;
}

/** What is wrong with a title or a name, in the reader's language. */
function textProblem(p: TextProblem, t: CliContext['t']): string {
  if (p.kind === 'blank') return t('class.text.blank');
  if (p.kind === 'tooLong') return t('class.text.tooLong', { max: p.max });
  return t('class.text.character', { char: p.char });
}

/** `isolab class join [URL] [--name NAME] [--share-output]`. */
export async function classJoin(url: string | undefined, opts: { name?: string; shareOutput?: boolean }, ctx: CliContext): Promise<number> {
  const { t, c, err } = ctx;
  const out = wrappedToTerminal(ctx.out);
  const name = checkName(opts.name ?? safeUserName(), t);
  const before = readMembership();
  let membership: Membership;
  if (url) {
    const parsed = parseJoinUrl(url);
    if (!parsed) throw new UsageError(t('class.join.badUrl', { url }), t('class.join.badUrlHint'));
    const server = new URL(parsed.url).host;
    const info = await classInfo(parsed.url);
    if (!info.ok) {
      if (info.status === 401) err.write(`${c.red(t('class.join.unauthorized', { server }))}\n  ${t('class.join.badUrlHint')}\n`);
      else err.write(`${c.red(t('class.join.unreachable', { server, error: info.reason }))}\n  ${t('class.join.unreachableHint')}\n`);
      return EXIT.checksFailed;
    }
    let shareOutput = false;
    if (info.info.shareOutput) {
      if (opts.shareOutput) shareOutput = true;
      else if (process.stdin.isTTY && process.stdout.isTTY) {
        const answer = await askYesNo(t('class.join.askOutput'));
        // Ctrl+C or the end of input at the question leaves: nothing is joined, nothing is sent.
        if (answer === undefined) {
          err.write(`\n${c.yellow(t('class.join.cancelled'))}\n`);
          return 130;
        }
        shareOutput = answer;
      } else out.write(`${c.yellow(t('class.join.noOutputAsked'))}\n`);
    }
    membership = newMembership(before, { url: parsed.url, className: info.info.className, name, shareOutput });
  } else membership = newMembership(before, { className: 'offline', name, shareOutput: false });
  startOver(before, membership);
  writeMembership(membership);
  const outbox = new Outbox();
  const recorder = new Recorder(membership.learner, outbox);
  recorder.record({ type: 'joined', name, platform: hostPlatform() ?? 'other', locale: ctx.locale.locale, isolab: VERSION });
  // Readiness before the class starts: what doctor checks, for every lab this isolab has.
  const readiness = await machineReadiness();
  if (readiness) recorder.record({ type: 'readiness', platform: hostPlatform() ?? 'other', items: readiness });
  if (membership.url) {
    const sender = new Sender({ url: membership.url, outbox });
    const sent = await sender.flush(5000);
    if (sent) out.write(`${c.green('✔')} ${t('class.join.readinessSent')}\n`);
    else out.write(`${c.yellow(t('class.join.queued', { count: outbox.size }))}\n`);
    // A full class answers 503: the learner is kept out until the instructor starts it with room.
    if (sender.lastResult === 'busy') out.write(`${c.yellow(t('class.full'))}\n`);
    const words = membership.shareOutput ? 'class.join.joinedOutput' : 'class.join.joined';
    out.write(`${t(words, { className: membership.className, name })}\n`);
  } else out.write(`${t('class.join.offline', { className: membership.className })}\n`);
  return EXIT.ok;
}

function safeUserName(): string {
  try {
    return userInfo().username || 'learner';
  } catch {
    return 'learner';
  }
}

/** The same class again keeps the learner's id (the dashboard keeps its row); a different one starts afresh. */
function newMembership(
  before: Membership | undefined,
  m: Pick<Membership, 'className' | 'name' | 'shareOutput'> & { url?: string },
): Membership {
  const same = before && before.url === m.url && (m.url !== undefined || before.className === m.className);
  return {
    version: 1,
    ...(m.url ? { url: m.url } : {}),
    className: m.className,
    learner: same ? before.learner : randomId(),
    name: m.name,
    shareOutput: m.shareOutput,
    joinedAt: same ? before.joinedAt : new Date().toISOString(),
  };
}

/** Joining another class: what waits for the old one is not the new one's, and its journal is kept apart. */
function startOver(before: Membership | undefined, now: Membership): void {
  if (!before || before.learner === now.learner) return;
  new Outbox().clear();
  const journal = journalFile();
  if (existsSync(journal)) renameSync(journal, journal.replace(/\.jsonl$/, `-${before.joinedAt.replace(/[:.]/g, '-')}.jsonl`));
}

async function machineReadiness() {
  try {
    const [{ preflightLabs }, { sourceLabFiles, loadLab }] = await Promise.all([
      import('../host/preflight.js'),
      import('../lab/catalog.js'),
    ]);
    const labs = sourceLabFiles().flatMap((f) => {
      try {
        return [loadLab(f, undefined).lab];
      } catch {
        return [];
      }
    });
    const report = await preflightLabs(labs);
    const { wireReadiness } = await import('../class/link.js');
    return report.items.map(wireReadiness);
  } catch {
    return undefined;
  }
}

/** Yes or no; undefined when the learner left the question (Ctrl+C, the end of input). */
async function askYesNo(question: string): Promise<boolean | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  // Ctrl+C at a terminal's question: readline's own event, which would otherwise only pause the input.
  const left = new AbortController();
  rl.on('SIGINT', () => left.abort());
  try {
    return shareAnswer(await askWrapped(rl, process.stdout, question, left.signal));
  } catch {
    return undefined;
  } finally {
    rl.close();
  }
}

/** `isolab class leave`: the class hears it once (if it answers), then this machine forgets it. */
export async function classLeave(ctx: CliContext): Promise<number> {
  const { t, c } = ctx;
  const out = wrappedToTerminal(ctx.out);
  const m = readMembership();
  if (!m) {
    out.write(`${t('class.none')}\n`);
    return EXIT.ok;
  }
  const outbox = new Outbox();
  new Recorder(m.learner, outbox).record({ type: 'left' });
  if (m.url) await new Sender({ url: m.url, outbox }).flush(2000);
  const dropped = outbox.size;
  outbox.clear();
  removeMembership();
  out.write(`${t('class.leave.left', { className: m.className })}\n`);
  if (dropped) out.write(`${c.yellow(t('class.leave.dropped', { count: dropped }))}\n`);
  return EXIT.ok;
}

/** `isolab class status`: what this machine shares, with whom, and what waits. */
export async function classStatus(ctx: CliContext): Promise<number> {
  const { t, c } = ctx;
  const out = wrappedToTerminal(ctx.out);
  const m = readMembership();
  if (!m) {
    out.write(`${t('class.none')}\n  ${c.dim(t('class.noneHint'))}\n`);
    return EXIT.ok;
  }
  out.write(
    `${m.url ? t('class.status.joined', { className: m.className, server: new URL(m.url).host, name: m.name }) : t('class.status.offline', { className: m.className, name: m.name })}\n`,
  );
  out.write(`${t(m.shareOutput ? 'class.status.sharesOutput' : 'class.status.shares')}\n`);
  const outbox = new Outbox();
  // A learner who only uses `isolab run` has no isolab left running to send what waited while the
  // class was away: asking for the status is the moment to try (briefly, as at the end of a run).
  const waiting = outbox.size;
  const sender = m.url && waiting ? new Sender({ url: m.url, outbox }) : undefined;
  if (sender) await sender.flush(2000);
  const queued = outbox.size;
  if (queued < waiting) out.write(`${c.green('✔')} ${t('class.status.sent', { count: waiting - queued })}\n`);
  if (queued) out.write(`${c.yellow(t('class.status.queued', { count: queued }))}\n`);
  if (sender?.lastResult === 'busy') out.write(`${c.yellow(t('class.full'))}\n`);
  const dir = rejectedDir();
  const rejected = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).length : 0;
  if (rejected) out.write(`${c.yellow(t('class.status.rejected', { count: rejected, dir }))}\n`);
  return EXIT.ok;
}

/** `isolab class export [--out FILE]`: this machine's events since it joined, in one file. */
export function classExport(opts: { out?: string }, ctx: CliContext): number {
  const { t, c, err } = ctx;
  const out = wrappedToTerminal(ctx.out);
  const m = readMembership();
  const { events } = readJournal();
  const mine = m ? events.filter((e) => e.learner === m.learner) : events;
  if (!mine.length) {
    err.write(`${c.red(t('class.export.nothing'))}\n  ${t('class.export.nothingHint')}\n`);
    return EXIT.checksFailed;
  }
  const learner = m?.learner ?? mine[0]!.learner;
  const name = m?.name ?? 'learner';
  const file =
    opts.out ?? `isolab-class-${name.replace(/[^\w-]+/g, '-').slice(0, 40) || 'learner'}-${new Date().toISOString().slice(0, 10)}.json`;
  const doc = exportDocument({ learner, name, className: m?.className ?? 'isolab' }, mine);
  writeFileSync(file, `${JSON.stringify(doc, null, 1)}\n`, { mode: 0o600 });
  out.write(`${t('class.export.written', { count: mine.length, file })}\n`);
  return EXIT.ok;
}

/** `isolab class merge FILES… [--report FILES…] --out class.html|md|json|csv`. */
export function classMerge(files: string[], opts: { report?: string[]; out: string; title?: string }, ctx: CliContext): number {
  const { t, c, err } = ctx;
  const out = wrappedToTerminal(ctx.out);
  const format = formatOfFile(opts.out);
  if (!format) throw new UsageError(t('class.merge.badOut', { file: opts.out }));
  const reports = opts.report ?? [];
  if (!files.length && !reports.length) throw new UsageError(t('class.merge.noFiles'));
  const inputs = [
    ...files.map((file) => ({ file, text: readFileSync(file, 'utf8') })),
    ...reports.map((file) => ({ file, text: readFileSync(file, 'utf8'), report: true })),
  ];
  const locale = ctx.locale.locale;
  let result: ReturnType<typeof mergeFiles>;
  try {
    result = mergeFiles(inputs, { t, labWords: labWordsFor(locale), locale, strings: dashboardStrings(locale), className: opts.title });
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    const problem = e.problem === 'notClassFile' || e.problem === 'notJson' ? t(`class.merge.${e.problem}`) : e.problem;
    throw new UsageError(t('class.merge.badFile', { file: e.file, problem }), t('lab.hint', { hint: t('class.merge.fileHint') }));
  }
  for (const w of result.warnings) err.write(`${c.yellow(t('class.merge.skipped', { file: w.file, count: w.count, reason: w.reason }))}\n`);
  for (const a of result.alreadyIn) out.write(`${t('class.merge.alreadyIn', { file: a.file, name: a.name })}\n`);
  for (const n of result.namedByFile) out.write(`${t('class.merge.namedByFile', { file: n.file, name: n.name })}\n`);
  for (const file of result.readOnly) out.write(`${t('class.merge.readOnly', { file })}\n`);
  const { data } = result;
  const body =
    format === 'html' ? offlinePage(data, dashboardAssets()) : exportView(classView(data), format, wordsFor(data.strings, data.locale));
  writeFileSync(opts.out, body);
  const distinct = data.source.live ? 0 : data.source.files;
  // Two counts, each with its own plural form: "1 learner from 2 files".
  const learners = msg('class.merge.learners', { count: data.learners.length });
  out.write(`${t('class.merge.written', { learners, files: msg('class.merge.files', { count: distinct }), file: opts.out })}\n`);
  return EXIT.ok;
}

/** --max-learners: a whole number from 1 to 10,000 (the class's byte budget still bounds its memory); null when it is not. */
function learnerLimit(value: string): number | null {
  if (!/^\d{1,5}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= 10_000 ? n : null;
}
