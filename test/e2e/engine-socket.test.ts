import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerIds, listContainers } from '../../src/host/docker.js';
import { dockerQueryOnSocket, engineGet, localEngineSocket } from '../../src/host/engine-socket.js';
import { isolab, tempDir } from '../helpers/cli.js';
import { describeDocker, IMAGE } from './docker.js';

/**
 * isolab lists the engine's containers on its socket when the docker CLI would talk to that same
 * socket (src/host/engine-socket.ts): the same answer as `docker ps`, without starting the CLI.
 */
const home = tempDir('isolab-socket-home-');

describe('when isolab may ask the engine on its socket', () => {
  it('only for the plain local setup: the docker CLI itself on PATH, no DOCKER_HOST elsewhere, no context from the environment or the CLI config', () => {
    const base = { PATH: process.env.PATH };
    expect(localEngineSocket(base, home)).toBe('/var/run/docker.sock');
    expect(localEngineSocket({ ...base, DOCKER_HOST: 'unix:///var/run/docker.sock' }, home)).toBe('/var/run/docker.sock');
    expect(localEngineSocket({ ...base, DOCKER_HOST: 'tcp://10.0.0.2:2376' }, home)).toBeUndefined();
    expect(localEngineSocket({ ...base, DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, home)).toBeUndefined();
    expect(localEngineSocket({ ...base, DOCKER_CONTEXT: 'rootless' }, home)).toBeUndefined();
    expect(localEngineSocket({ ...base, DOCKER_CONTEXT: 'default' }, home)).toBe('/var/run/docker.sock');
    // No docker at all, or a script in its place (a wrapper, a podman shim: it may reach any engine).
    expect(localEngineSocket({ PATH: tempDir('isolab-no-docker-') }, home)).toBeUndefined();
    const wrapper = tempDir('isolab-docker-wrapper-');
    writeFileSync(join(wrapper, 'docker'), '#!/bin/sh\nexec /usr/local/bin/docker -H tcp://10.0.0.2:2376 "$@"\n');
    chmodSync(join(wrapper, 'docker'), 0o755);
    expect(localEngineSocket({ PATH: `${wrapper}:${process.env.PATH}` }, home)).toBeUndefined();
    const config = tempDir('isolab-docker-config-');
    writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'desktop-linux' }));
    expect(localEngineSocket({ ...base, DOCKER_CONFIG: config }, home)).toBeUndefined();
    // (Each setup in a folder of its own: the answer is kept for the process, per environment.)
    const garbled = tempDir('isolab-docker-config-');
    writeFileSync(join(garbled, 'config.json'), '{ not json');
    expect(localEngineSocket({ ...base, DOCKER_CONFIG: garbled }, home)).toBeUndefined();
    // A config that is a named pipe would hang a plain read: it is not read, and the CLI is asked.
    const fifo = tempDir('isolab-docker-fifo-');
    expect(spawnSync('mkfifo', [join(fifo, 'config.json')]).status).toBe(0);
    expect(localEngineSocket({ ...base, DOCKER_CONFIG: fifo }, home)).toBeUndefined();
    const configured = tempDir('isolab-socket-home-');
    mkdirSync(join(configured, '.docker'), { recursive: true });
    writeFileSync(join(configured, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: 'default' }));
    expect(localEngineSocket(base, configured)).toBe('/var/run/docker.sock');
  });
});

describe('a request on a socket that misbehaves is an answer, never a hang or a crash', () => {
  const servers: Server[] = [];
  afterAll(() => {
    for (const s of servers) s.close();
  });
  const serve = async (onData: (socket: import('node:net').Socket) => void): Promise<string> => {
    const path = join(tempDir('isolab-fake-engine-'), 'engine.sock');
    const server = createServer((socket) => socket.once('data', () => onData(socket)));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(path, resolve));
    return path;
  };

  it('silence is "no answer" within the time allowed, an HTTP error and garbage are errors', async () => {
    const silent = await serve(() => {});
    const t = Date.now();
    expect(await engineGet(silent, '/containers/json?all=1', 300)).toEqual({ ok: false, timedOut: true, error: 'no answer within 0.3 s' });
    expect(Date.now() - t).toBeLessThan(3000);
    const body = '{"message":"disk full"}';
    const failing = await serve((s) =>
      s.end(`HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`),
    );
    expect(await engineGet(failing, '/containers/json', 2000)).toEqual({ ok: false, timedOut: false, error: '500: disk full' });
    const garbage = await serve((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'));
    expect(await engineGet(garbage, '/containers/json', 2000)).toEqual({
      ok: false,
      timedOut: false,
      error: 'the engine answered something that is not JSON',
    });
    // Preflight's questions: silence is said as the CLI's timeout is; anything else is left to the CLI.
    expect(await dockerQueryOnSocket(['info', '--format', '{{json .}}'], 300, silent)).toEqual({
      exitCode: -1,
      stdout: '',
      stderr: 'no answer within 0.3 s',
      timedOut: true,
    });
    expect(await dockerQueryOnSocket(['info', '--format', '{{json .}}'], 2000, failing)).toBeUndefined();
    expect(await dockerQueryOnSocket(['ps'], 2000, failing)).toBeUndefined();
    const missing = join(tempDir(), 'nothing.sock');
    expect(await engineGet(missing, '/containers/json', 2000)).toMatchObject({ ok: false, timedOut: false });
  });
});

describeDocker('listing the real engine on its socket', () => {
  it('gives what docker ps gives: every container, full ids, names, image and the isolab.run label', async () => {
    const name = `isolab-socket-test-${process.pid}`;
    const made = spawnSync('docker', ['create', '--label', 'isolab.run=socket-test', '--name', name, IMAGE, 'true'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    try {
      const viaSocket = await listContainers();
      const cli = spawnSync('docker', ['ps', '-a', '--no-trunc', '--format', '{{.ID}}\t{{.Names}}\t{{.Image}}\t{{.Label "isolab.run"}}'], {
        encoding: 'utf8',
      });
      const viaCli = cli.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t'));
      const mine = viaSocket.find((c) => c.name === name);
      expect(mine).toEqual({ id: made.stdout.trim(), name, names: [name], image: IMAGE, run: 'socket-test' });
      // The whole listing, as the CLI prints it (a container made or removed meanwhile by another test aside).
      const both = viaSocket.filter((c) => viaCli.some(([id]) => id === c.id));
      expect(both.length).toBeGreaterThan(0);
      for (const c of both) expect([c.id, c.names.join(','), c.image, c.run]).toEqual(viaCli.find(([id]) => id === c.id));
      expect(await containerIds()).toContain(made.stdout.trim());
    } finally {
      spawnSync('docker', ['rm', '-f', name]);
    }
  });

  it("answers preflight's questions as the CLI does: the engine's facts, an image's id, and the CLI's own word for a missing image", async () => {
    const cliInfo = JSON.parse(spawnSync('docker', ['info', '--format', '{{json .}}'], { encoding: 'utf8' }).stdout) as Record<
      string,
      unknown
    >;
    const info = JSON.parse((await dockerQueryOnSocket(['info', '--format', '{{json .}}'], 8000))!.stdout) as Record<string, unknown>;
    for (const key of ['OSType', 'ServerVersion', 'DefaultRuntime', 'Isolation']) expect(info[key], key).toEqual(cliInfo[key]);
    expect(Object.keys(info.Runtimes as object).sort()).toEqual(Object.keys(cliInfo.Runtimes as object).sort());
    const id = spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', IMAGE], { encoding: 'utf8' }).stdout.trim();
    expect(await dockerQueryOnSocket(['image', 'inspect', '--format', '{{.Id}}', IMAGE], 8000)).toEqual({
      exitCode: 0,
      stdout: id,
      stderr: '',
    });
    expect(await dockerQueryOnSocket(['image', 'inspect', '--format', '{{.Id}}', 'isolab-no-such-image:none'], 8000)).toBeUndefined();
  });

  it('a lab run asks the engine for its containers and checks the machine without starting the docker CLI for either', async () => {
    // What isolab itself starts, logged by a preload (a docker wrapper on PATH would make it use the CLI).
    const dir = tempDir('isolab-spawn-log-');
    const log = join(dir, 'spawned');
    writeFileSync(
      join(dir, 'log-spawn.mjs'),
      `const cp = process.getBuiltinModule('node:child_process');
const { appendFileSync } = process.getBuiltinModule('node:fs');
const spawn = cp.spawn;
cp.spawn = function (file, args, ...rest) {
  appendFileSync(process.env.SPAWN_LOG, JSON.stringify([file, ...(Array.isArray(args) ? args : [])]) + '\\n');
  return spawn.call(this, file, args, ...rest);
};
`,
    );
    writeFileSync(log, '');
    const lab = join(dir, 'lab.md');
    writeFileSync(
      lab,
      "---\nid: socket-lab\ntitle: One docker step\nplatforms: [linux]\n---\n\n## Ask\n\n<!-- isolab\nstep: ask\nchecks:\n  - exit: 0\n-->\n\n```sh\ndocker version --format '{{.Server.Version}}'\n```\n",
    );
    const r = await isolab(['run', lab, '--yes'], {
      env: { NODE_OPTIONS: `--import ${join(dir, 'log-spawn.mjs')}`, SPAWN_LOG: log },
      timeout: 60_000,
    });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const spawned = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    // The lab's own command ran (through its shell); isolab's preflight and listings started no docker.
    expect(spawned.some(([file]) => file === '/bin/sh')).toBe(true);
    expect(spawned.filter(([file]) => file === 'docker' || file?.endsWith('/docker'))).toEqual([]);
  });
});
