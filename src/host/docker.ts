import { engineGet, localEngineSocket } from './engine-socket.js';
import { runFile } from './run-file.js';

/** The few docker operations the runner itself needs (labs run their own docker commands). */

const LABEL = 'isolab.run';

export function runLabel(runId: string): string {
  return `${LABEL}=${runId}`;
}

/**
 * Short timeouts for isolab's own docker calls: a frozen engine (dockerd stopped, a full disk
 * under it) must not hold a run, a Ctrl+C or `isolab cleanup` for minutes. A query answers in
 * about a second even on a loaded machine; removing a running container takes longer.
 */
export const DOCKER_QUERY_TIMEOUT_MS = 3_000;
const DOCKER_REMOVE_TIMEOUT_MS = 10_000;

async function docker(args: string[], timeoutMs = DOCKER_QUERY_TIMEOUT_MS, signal?: AbortSignal) {
  return runFile('docker', args, { timeoutMs, signal, env: { LC_ALL: 'C' } });
}

/** Does a lab command talk to the engine? (`docker …` anywhere in it, in either shell.) */
export function usesDocker(code: string): boolean {
  return /(^|[^\w.-])docker(?![\w.-])/m.test(code);
}

/**
 * Does the engine answer at all, within `timeoutMs`? An error is an answer (a stopped engine refuses
 * at once); only silence is not: the engine is frozen (SIGSTOP, a hung disk under it).
 */
export async function engineAnswers(timeoutMs: number): Promise<boolean> {
  const r = await docker(['version', '--format', '{{.Server.Version}}'], timeoutMs).catch(() => undefined);
  return !(r as { timedOut?: boolean } | undefined)?.timedOut;
}

/** Docker did not answer: what a run left cannot be known, so nothing may be forgotten. */
export class DockerUnreachable extends Error {
  /** No answer at all within the time allowed (a frozen engine), rather than an error. */
  readonly silent: boolean;
  constructor(message: string, silent = false) {
    super(message);
    this.silent = silent;
  }
}

const noAnswer = () => new DockerUnreachable(`no answer within ${DOCKER_QUERY_TIMEOUT_MS / 1000} s`, true);

/**
 * Names of containers that exist (running or not) among `names`, plus every one labelled for `runId`.
 * Throws DockerUnreachable when the engine cannot be asked: "none" would be a guess.
 * One `docker ps` answers both questions: a label filter and a name filter cannot be ORed in one
 * call, and an inspect per recorded name cost a docker round trip each at every cleanup.
 */
export async function existingContainers(runId: string, names: readonly string[]): Promise<string[]> {
  return runContainersIn(await listContainers(), runId, names);
}

/** existingContainers, read from a listing already made (cleanup reuses its last one for the strays). */
export function runContainersIn(listing: readonly ContainerInfo[], runId: string, names: readonly string[]): string[] {
  const wanted = new Set(names);
  const found = new Set<string>();
  for (const c of listing) {
    // A container can have several names (legacy links): any one of them may be the recorded one.
    const name = c.names.find((n) => wanted.has(n)) ?? c.names[0];
    if (name && (c.run === runId || wanted.has(name))) found.add(name);
  }
  return [...found];
}

/** The full ids of every container the engine has, running or not: one call, to compare before and after a run. */
export async function containerIds(signal?: AbortSignal): Promise<string[]> {
  const listed = await containersFromEngine(signal);
  if (listed) return listed.map((c) => c.id);
  return (await psLines(['-q'], signal)).filter(Boolean);
}

export interface ContainerInfo {
  id: string;
  name: string;
  /** Every name it has (legacy links give it several); `name` is the first. */
  names: string[];
  image: string;
  /** The `isolab.run` label: the run that made it, if it says so. */
  run: string;
}

/** Every container the engine has, running or not, with what a warning about one needs to say. */
export async function listContainers(): Promise<ContainerInfo[]> {
  const listed = await containersFromEngine();
  if (listed) return listed;
  const lines = await psLines(['--format', `{{.ID}}\t{{.Names}}\t{{.Image}}\t{{.Label "${LABEL}"}}`]);
  return lines.flatMap((line) => {
    const [id = '', list = '', image = '', run = ''] = line.split('\t');
    const names = list
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    return id ? [{ id, name: names[0] ?? '', names, image, run: run.trim() }] : [];
  });
}

/**
 * `docker ps -a --no-trunc` asked of the engine's socket, when the CLI would talk to that socket
 * (engine-socket.ts): the same containers, names (without the API's leading /), image and label.
 * Silence is a frozen engine, as with the CLI; any other failure (refused, not allowed, an answer
 * of another shape) returns undefined, and the CLI is asked, so it says what is wrong its own way.
 */
async function containersFromEngine(signal?: AbortSignal): Promise<ContainerInfo[] | undefined> {
  const socket = localEngineSocket();
  if (!socket) return undefined;
  const answer = await engineGet(socket, '/containers/json?all=1', DOCKER_QUERY_TIMEOUT_MS, signal);
  if (!answer.ok) {
    if (answer.timedOut) throw noAnswer();
    return undefined;
  }
  if (!Array.isArray(answer.body)) return undefined;
  const out: ContainerInfo[] = [];
  for (const c of answer.body as { Id?: unknown; Names?: unknown; Image?: unknown; Labels?: unknown }[]) {
    if (typeof c?.Id !== 'string' || !c.Id) return undefined;
    const names = (Array.isArray(c.Names) ? c.Names : [])
      .filter((n): n is string => typeof n === 'string')
      .map((n) => n.replace(/^\//, ''));
    const run = c.Labels && typeof c.Labels === 'object' ? (c.Labels as Record<string, unknown>)[LABEL] : undefined;
    out.push({
      id: c.Id,
      name: names[0] ?? '',
      names,
      image: typeof c.Image === 'string' ? c.Image : '',
      run: typeof run === 'string' ? run.trim() : '',
    });
  }
  return out;
}

/** `docker ps -a --no-trunc …`, line by line; DockerUnreachable when the engine does not answer. */
async function psLines(args: string[], signal?: AbortSignal): Promise<string[]> {
  const r = await docker(['ps', '-a', '--no-trunc', ...args], DOCKER_QUERY_TIMEOUT_MS, signal).catch((e: Error) => ({
    exitCode: -1,
    stdout: '',
    stderr: e.message,
  }));
  if ((r as { timedOut?: boolean }).timedOut) throw noAnswer();
  if (r.exitCode !== 0) throw new DockerUnreachable(String(r.stderr).trim().split('\n').pop() || `docker ps exited ${r.exitCode}`);
  return String(r.stdout).split('\n');
}

export async function removeContainers(
  names: readonly string[],
): Promise<{ removed: string[]; failed: { name: string; error: string }[] }> {
  const removed: string[] = [];
  const failed: { name: string; error: string }[] = [];
  for (const name of names) {
    const r = await docker(['rm', '-f', name], DOCKER_REMOVE_TIMEOUT_MS);
    if (r.exitCode === 0) removed.push(name);
    else if (!/No such container/i.test(String(r.stderr))) failed.push({ name, error: String(r.stderr).trim() || `exit ${r.exitCode}` });
  }
  return { removed, failed };
}

export async function containerExists(name: string): Promise<boolean> {
  const r = await docker(['container', 'inspect', '--format', '{{.State.Status}}', name]);
  return r.exitCode === 0;
}
