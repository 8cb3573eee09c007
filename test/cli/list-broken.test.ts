import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';

const labs = tempDir('isolab-list-broken-');
afterAll(() => rmSync(labs, { recursive: true, force: true }));
const lab = (id: string, extra = '', check = 'exit: 0') =>
  `---\nid: ${id}\ntitle: Lab ${id}\nplatforms: [linux]\n${extra}---\n\n## One\n\n<!-- isolab\nstep: one\nchecks:\n  - ${check}\n-->\n\n\`\`\`sh\necho hi\n\`\`\`\n`;
writeFileSync(join(labs, 'good-lab.md'), lab('good-lab'));
writeFileSync(join(labs, 'bad-lab.md'), lab('bad-lab', '', 'exit: nope'));

/** A lab `isolab list` cannot read is said as lint says it, and the list still shows the others. */
describe('isolab list with a lab it cannot read', () => {
  it('lists the good labs, names the broken one as file:line: what is wrong with a hint, and exits 1', async () => {
    const r = await isolab(['list'], { env: { ISOLAB_LABS_DIR: labs }, cwd: labs });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('good-lab  Lab good-lab');
    expect(r.stdout).not.toContain('bad-lab');
    expect(r.stderr).toBe('bad-lab.md:12: checks.0.exit: not a valid value here\n  hint: isolab lint bad-lab.md shows every problem in it');
  });

  it('with --json too: the broken lab has its error, and the exit code is 1', async () => {
    const r = await isolab(['list', '--json'], { env: { ISOLAB_LABS_DIR: labs }, cwd: labs });
    expect(r.exitCode).toBe(1);
    const bad = (JSON.parse(r.stdout) as { labs: { error: string | null }[] }).labs.filter((l) => l.error);
    expect(bad.map((l) => l.error)).toEqual(['12: checks.0.exit: not a valid value here']);
  });

  it('in the reader’s language', async () => {
    const r = await isolab(['--lang', 'es', 'list'], { env: { ISOLAB_LABS_DIR: labs }, cwd: labs });
    expect(r.stderr).toContain('isolab lint bad-lab.md muestra todos sus problemas');
  });
});
