import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A saved verdict whose message holds a message, holding a message… `depth` levels down, as no isolab writes. */
function progressNested(depth: number): string {
  const detail = `${'{"key":"x","params":{"p":'.repeat(depth)}{"key":"x"}${'}}'.repeat(depth)}`;
  return `{"formatVersion":1,"labId":"recap-lab","platform":"linux","shell":"sh","runId":"abcdef12","savedAt":"2026-01-01T00:00:00Z","steps":{"ask":{"status":"passed","hash":"x","verdicts":[{"checkId":"c","status":"passed","detail":${detail}}],"notes":[]}},"captures":{}}`;
}

describe('a progress file is data: however it is nested, it never crashes a run', () => {
  it('a saved message nested thousands of levels deep is set aside, and the lab runs normally, with no stack trace', async () => {
    const state = tempDir();
    made.push(state);
    mkdirSync(join(state, 'progress'));
    writeFileSync(join(state, 'progress', 'recap-lab.linux.json'), progressNested(5000));
    const r = await isolab(['run', 'test/fixtures/recap-lab.md', '--yes'], { stateDir: state });
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack|\bat .*\.js:\d+/);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 passed, 0 failed');
    expect(readdirSync(join(state, 'progress')).some((n) => /^recap-lab\.linux\.unreadable-.*\.json$/.test(n))).toBe(true);
  });
});
