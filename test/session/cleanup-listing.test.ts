import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';

/**
 * A docker CLI that keeps its containers in a file (id, names, image, label: the columns isolab
 * asks `docker ps` for) and logs every call, so a test sees what isolab asked and what is left.
 */
function fakeDocker(dir: string): string {
  writeFileSync(join(dir, 'containers'), '');
  const script = `#!/bin/sh
echo "$*" >> "${dir}/calls"
state="${dir}/containers"
case "$1" in
  run)
    name=; label=; shift
    while [ $# -gt 0 ]; do
      case "$1" in
        --name) name=$2; shift ;;
        --label) label=\${2#isolab.run=}; shift ;;
      esac
      shift
    done
    id=$(printf '%s' "$name" | cksum | cut -d' ' -f1)
    printf '%s\\t%s\\tbusybox\\t%s\\n' "$id" "$name" "$label" >> "$state"
    echo "$id" ;;
  ps)
    case "$*" in
      *-q*) cut -f1 "$state" ;;
      *'{{.ID}}'*) cat "$state" ;;
      *) cut -f2,4 "$state" ;;
    esac ;;
  rm)
    shift; [ "$1" = -f ] && shift
    for n in "$@"; do grep -v "	$n	" "$state" > "$state.new"; mv "$state.new" "$state"; echo "$n"; done ;;
esac
exit 0
`;
  writeFileSync(join(dir, 'docker'), script);
  chmodSync(join(dir, 'docker'), 0o755);
  return dir;
}

const work = tempDir('isolab-cleanup-listing-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("cleanup's look at the engine", () => {
  it("removes the run's recorded and labelled containers, names the stray one and leaves it, asking docker ps once after the steps", async () => {
    const dir = fakeDocker(work);
    const r = await isolab(['run', 'test/fixtures/stray-container-lab.md', '--yes'], {
      // A context of its own: isolab then asks the engine through this CLI only, never on its socket
      // (src/host/engine-socket.ts), so the engine it sees is the one this CLI keeps in a file.
      env: { PATH: `${dir}:${process.env.PATH}`, DOCKER_CONTEXT: 'fake-engine' },
      timeout: 60_000,
    });
    const all = r.stdout + r.stderr;
    expect(r.stdout, all).toMatch(/3 passed, 0 failed/);
    const run = /recorded-(\d{8}-[0-9a-f]{8})/.exec(all)?.[1];
    expect(run, all).toBeDefined();
    // What the run made and can prove is its own is removed; the stray is named, and left alone.
    expect(all).toContain(`container recorded-${run}`);
    expect(all).toContain(`container labelled-${run}`);
    expect(all).toContain(`container stray-${run} (busybox) appeared during this run and is still there`);
    const left = readFileSync(join(dir, 'containers'), 'utf8');
    expect(left).toContain(`stray-${run}`);
    expect(left).not.toContain(`recorded-${run}`);
    expect(left).not.toContain(`labelled-${run}`);
    // The engine was asked for its containers once before the first docker step (what was there
    // before the run), once before the (absent) cleanup steps, and once after them: one listing
    // serves both the sweep and the strays.
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    const afterLastStep = calls.slice(calls.findLastIndex((c) => c.startsWith('run ')) + 1);
    expect(afterLastStep.filter((c) => c.startsWith('ps ')).length, calls.join('\n')).toBe(2);
    expect(afterLastStep.filter((c) => c.startsWith('rm '))).toHaveLength(2);
  });
});
