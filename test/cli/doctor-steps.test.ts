import { describe, expect, it } from 'vitest';
import { isolab } from '../helpers/cli.js';

/**
 * `isolab doctor LAB` says "only N steps need it; the rest of the lab runs without it" only when that
 * is true: never for a lab of which nothing runs here, never counting a step that is only read.
 */

describe("doctor's 'only N steps need it'", () => {
  it('a lab whose only command lacks its tool: nothing of it runs here, and doctor says that instead', async () => {
    const r = await isolab(['doctor', 'test/fixtures/only-step-unmet-lab.md', '--lang', 'en']);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stdout).not.toContain('the rest of the lab runs without it');
    expect(r.stdout).toContain('✘ command isolab-no-such-tool');
    expect(r.stdout).toContain('As this machine is now, no step of this lab that runs a command can run.');
  });

  it('a need that only a step that is read states blocks no command: it is not "only 1 step needs it"', async () => {
    const r = await isolab(['doctor', 'test/fixtures/reading-needs-lab.md', '--lang', 'en']);
    expect(r.stdout).not.toContain('only 1 step needs it');
    expect(r.stdout).toContain('(only steps that are read state it: no step that runs a command needs it)');
    expect(r.stdout).not.toContain('no step of this lab that runs a command can run');
  });
});
