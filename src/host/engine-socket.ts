import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readStateFile } from '../util/state-read.js';
import { findOnPath } from './which.js';

/**
 * isolab's own engine queries (the container listings a run makes before its first docker step and
 * around its cleanup) go straight to the engine's socket when the docker CLI would talk to that same
 * socket: each `docker ps` was a Go program started for one request, 40–100 ms of a lab's run,
 * where a request on the socket takes a few. The labs' own commands always run the real `docker`.
 *
 * Only the plain local setup qualifies: the `docker` on PATH is the CLI program itself (not a script,
 * which may reach any engine: a wrapper, a podman shim), no DOCKER_HOST (or exactly the default
 * socket), no context chosen by DOCKER_CONTEXT or the CLI's config, and a socket this user can open.
 * Anything else (a remote engine, TLS, a rootless or Desktop context, ssh) keeps the CLI, which knows
 * how to reach it.
 */
const DEFAULT_SOCKET = '/var/run/docker.sock';

export function localEngineSocket(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string | undefined {
  if (process.platform === 'win32' || !cliTalksToDefaultSocket(env, home)) return undefined;
  try {
    return statSync(DEFAULT_SOCKET).isSocket() ? DEFAULT_SOCKET : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the docker CLI this environment runs would talk to the default socket. A run asks the
 * engine some five questions: the PATH lookup, the look at the program and the read of the CLI's
 * config are done once per process for each environment they depend on, so a changed PATH,
 * DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG or home is answered afresh. (Whether the socket is
 * there is asked each time: an engine started meanwhile is found.)
 */
const talksToDefault = new Map<string, boolean>();

export function cliTalksToDefaultSocket(env: NodeJS.ProcessEnv, home: string): boolean {
  const key = JSON.stringify([env.PATH, env.DOCKER_HOST, env.DOCKER_CONTEXT, env.DOCKER_CONFIG, home]);
  let known = talksToDefault.get(key);
  if (known === undefined) {
    known =
      (!env.DOCKER_HOST || env.DOCKER_HOST === `unix://${DEFAULT_SOCKET}`) &&
      (!env.DOCKER_CONTEXT || env.DOCKER_CONTEXT === 'default') &&
      dockerIsTheCli(env) &&
      configuredContext(env.DOCKER_CONFIG || join(home, '.docker')) === 'default';
    talksToDefault.set(key, known);
  }
  return known;
}

/**
 * The CLI's current context from its config file: "default" when none is set; undefined when the
 * file cannot be read as a plain file (a link, a named pipe that would hang the read, too big, not
 * JSON): the CLI is then asked, under its own timeout.
 */
function configuredContext(dir: string): string | undefined {
  let text: string;
  try {
    text = readStateFile(join(dir, 'config.json'), 1 << 20);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'default' : undefined;
  }
  try {
    const context = (JSON.parse(text) as { currentContext?: unknown }).currentContext;
    return context === undefined || context === '' || context === 'default' ? 'default' : undefined;
  } catch {
    return undefined;
  }
}

/** Executable formats the docker CLI ships in: ELF (Linux), Mach-O (macOS, thin or universal). */
const PROGRAM_MAGIC = ['7f454c46', 'cffaedfe', 'feedfacf', 'cafebabe'];

/** Is the `docker` a shell would run the CLI program itself, rather than a script standing in for it? */
function dockerIsTheCli(env: NodeJS.ProcessEnv): boolean {
  const path = findOnPath('docker', env);
  if (!path) return false;
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(4);
      return readSync(fd, head, 0, 4, 0) === 4 && PROGRAM_MAGIC.includes(head.toString('hex'));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

export type EngineAnswer = { ok: true; body: unknown } | { ok: false; timedOut: boolean; error: string };

/**
 * GET `path` on the engine's socket, the JSON it answers. Never thrown: a refused connection, an
 * HTTP error or a reply that is not JSON is an answer with its error; silence past `timeoutMs` (a
 * frozen engine) is `timedOut`, as the CLI's timeout is.
 */
export function engineGet(socketPath: string, path: string, timeoutMs: number, signal?: AbortSignal): Promise<EngineAnswer> {
  // node:http only here: a run that never lists containers does not load it.
  const { request } = process.getBuiltinModule('node:http');
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: EngineAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(a);
    };
    const req = request({ socketPath, path, method: 'GET', headers: { Host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => done({ ok: false, timedOut: false, error: e.message }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          done({ ok: false, timedOut: false, error: `${res.statusCode}: ${engineMessage(text)}` });
          return;
        }
        try {
          done({ ok: true, body: JSON.parse(text) });
        } catch {
          done({ ok: false, timedOut: false, error: 'the engine answered something that is not JSON' });
        }
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, timedOut: true, error: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    const onAbort = () => {
      req.destroy();
      done({ ok: false, timedOut: false, error: 'cancelled' });
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => done({ ok: false, timedOut: false, error: e.message }));
    req.end();
  });
}

function engineMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  } catch {
    /* not JSON */
  }
  return text.trim().slice(0, 200);
}

/** What a `docker` query answered, as preflight's probe reports it. */
export interface QueryAnswer {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
}

/**
 * Preflight's two engine questions, asked on the socket when the CLI would ask that socket:
 * `docker info --format {{json .}}` (GET /info: the same server fields) and `docker image inspect
 * --format {{.Id}} NAME` (GET /images/NAME/json). Undefined for any other question, and for any
 * answer but a plain success or silence: the CLI is then asked, and says what is wrong its own way.
 */
export async function dockerQueryOnSocket(
  args: readonly string[],
  timeoutMs: number,
  socket = localEngineSocket(),
): Promise<QueryAnswer | undefined> {
  if (!socket) return undefined;
  const [verb, a1, a2, a3, name, ...rest] = args;
  let path: string;
  let pick: (body: unknown) => string | undefined;
  if (verb === 'info' && a1 === '--format' && a2 === '{{json .}}' && a3 === undefined) {
    path = '/info';
    pick = (body) => (body && typeof body === 'object' ? JSON.stringify(body) : undefined);
  } else if (verb === 'image' && a1 === 'inspect' && a2 === '--format' && a3 === '{{.Id}}' && name && !rest.length) {
    path = `/images/${encodeURIComponent(name)}/json`;
    pick = (body) => {
      const id = (body as { Id?: unknown } | null)?.Id;
      return typeof id === 'string' ? id : undefined;
    };
  } else return undefined;
  const answer = await engineGet(socket, path, timeoutMs);
  if (!answer.ok) return answer.timedOut ? { exitCode: -1, stdout: '', stderr: answer.error, timedOut: true } : undefined;
  const stdout = pick(answer.body);
  return stdout === undefined ? undefined : { exitCode: 0, stdout, stderr: '' };
}
