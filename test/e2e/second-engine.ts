import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A second Docker engine for a test, beside the machine's own: its own data root, exec root, pidfile,
 * socket, config file (so the host's daemon.json, which registers runsc, does not apply) and a bridge
 * of its own name. Never --bridge=none: starting such an engine deletes the host's docker0.
 */
export interface SecondEngine {
  host: string;
  stop(): Promise<void>;
}

export async function startSecondEngine(opts: { config?: object; image?: string } = {}): Promise<SecondEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'isolab-e2-'));
  const bridge = `isolab${process.pid % 100000}`.slice(0, 15);
  const socket = join(dir, 'docker.sock');
  const host = `unix://${socket}`;
  const config = join(dir, 'daemon.json');
  writeFileSync(config, JSON.stringify(opts.config ?? {}));
  await execa('ip', ['link', 'add', 'name', bridge, 'type', 'bridge'], { reject: false });
  await execa('ip', ['addr', 'add', `10.${200 + (process.pid % 50)}.0.1/24`, 'dev', bridge], { reject: false });
  await execa('ip', ['link', 'set', bridge, 'up'], { reject: false });
  const log = join(dir, 'dockerd.log');
  const pidfile = join(dir, 'dockerd.pid');
  const child = execa(
    'dockerd',
    [
      '--config-file',
      config,
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      pidfile,
      '-H',
      host,
      '--bridge',
      bridge,
      '--iptables=false',
      '--ip-masq=false',
    ],
    { reject: false, detached: false, stdin: 'ignore', stdout: { file: log }, stderr: { file: log } },
  );
  const docker = (...args: string[]) => execa('docker', ['-H', host, ...args], { reject: false });
  const until = Date.now() + 30_000;
  while ((await docker('info', '--format', '{{.ServerVersion}}')).exitCode !== 0) {
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the second dockerd did not answer in 30 s:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (opts.image) {
    // No registry here: copy the image from the machine's own engine.
    const saved = execa('docker', ['save', opts.image], { encoding: 'buffer' });
    const loaded = execa('docker', ['-H', host, 'load'], { reject: false });
    saved.stdout!.pipe(loaded.stdin!);
    await saved;
    const r = await loaded;
    if (r.exitCode !== 0) throw new Error(`could not load ${opts.image} into the second engine: ${r.stderr}`);
  }
  return {
    host,
    async stop() {
      const ids = (await docker('ps', '-aq')).stdout.split('\n').filter(Boolean);
      if (ids.length) await docker('rm', '-f', ...ids);
      let exited = false;
      void child.then(() => {
        exited = true;
      });
      child.kill('SIGTERM');
      await Promise.race([child, new Promise((r) => setTimeout(r, 15_000))]);
      if (!exited) child.kill('SIGKILL');
      await execa('ip', ['link', 'del', bridge], { reject: false });
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
