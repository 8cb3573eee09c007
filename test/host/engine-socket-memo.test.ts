import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cliTalksToDefaultSocket, localEngineSocket } from '../../src/host/engine-socket.js';
import * as stateRead from '../../src/util/state-read.js';
import { tempDir } from '../helpers/cli.js';

// Every read of a docker config.json, counted: the module reads it through readStateFile.
vi.mock('../../src/util/state-read.js', async (original) => {
  const actual = await original<typeof import('../../src/util/state-read.js')>();
  return { ...actual, readStateFile: vi.fn(actual.readStateFile) };
});
const configReads = () => vi.mocked(stateRead.readStateFile).mock.calls.filter(([path]) => path.endsWith('config.json')).length;

/**
 * A run asks the engine some five questions; whether the docker CLI would talk to the default socket
 * (a PATH lookup, a look at the program, a read of the CLI's config) is found out once per process
 * for each environment, and found out again when the environment changes.
 */
describe('the docker setup is looked at once per environment', () => {
  const home = tempDir('isolab-memo-home-');
  // A `docker` that is a program (ELF), as the real CLI is: only then is the CLI's config read.
  const bin = tempDir('isolab-memo-bin-');
  writeFileSync(join(bin, 'docker'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
  chmodSync(join(bin, 'docker'), 0o755);
  const config = (context: string) => {
    const dir = tempDir('isolab-memo-config-');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: context }));
    return dir;
  };
  beforeEach(() => {
    vi.mocked(stateRead.readStateFile).mockClear();
  });

  it('the second question in one process does not read config.json again', () => {
    const env = { PATH: bin, DOCKER_CONFIG: config('default') };
    const first = localEngineSocket(env, home);
    expect(configReads()).toBe(1);
    expect(localEngineSocket({ ...env }, home)).toBe(first);
    expect(cliTalksToDefaultSocket({ ...env }, home)).toBe(true);
    expect(configReads()).toBe(1);
  });

  it('a changed DOCKER_CONTEXT, DOCKER_CONFIG or PATH is a fresh answer', () => {
    const env = { PATH: bin, DOCKER_CONFIG: config('default') };
    expect(cliTalksToDefaultSocket(env, home)).toBe(true);
    expect(cliTalksToDefaultSocket({ ...env, DOCKER_CONTEXT: 'rootless' }, home)).toBe(false);
    expect(localEngineSocket({ ...env, DOCKER_CONTEXT: 'rootless' }, home)).toBeUndefined();
    expect(cliTalksToDefaultSocket({ ...env, DOCKER_CONTEXT: 'default' }, home)).toBe(true);
    expect(cliTalksToDefaultSocket(env, home)).toBe(true);
    expect(configReads()).toBe(2); // env, then env with DOCKER_CONTEXT=default; rootless needs no read
    expect(cliTalksToDefaultSocket({ ...env, DOCKER_CONFIG: config('desktop-linux') }, home)).toBe(false);
    expect(configReads()).toBe(3);
    // A docker script in front of the program: the CLI is asked (it may reach any engine).
    const wrapper = tempDir('isolab-memo-wrapper-');
    writeFileSync(join(wrapper, 'docker'), '#!/bin/sh\nexec docker "$@"\n');
    chmodSync(join(wrapper, 'docker'), 0o755);
    expect(cliTalksToDefaultSocket({ ...env, PATH: `${wrapper}:${bin}` }, home)).toBe(false);
  });
});
