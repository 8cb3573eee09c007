import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/catalogs/en.js';
import { ROOT } from '../helpers/cli.js';

/**
 * Rules of the dashboard's source that a browser test would only catch for the texts it tries:
 * nothing parses text as HTML, and every word it names is in the catalogs.
 */
const dir = join(ROOT, 'src', 'class');
const files = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.ts') ? [join(d, e.name)] : [],
  );

describe('the dashboard never parses text as HTML', () => {
  it.each(files(join(dir, 'dashboard')).map((f) => [f.slice(ROOT.length)]))('%s builds elements and text nodes only', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
    expect(text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|srcdoc/);
  });
});

describe("the dashboard's words", () => {
  it('are all in the catalogs (plural keys as key_one / key_other)', () => {
    const used = files(dir).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bw\(\s*[`']([a-z]+(?:\.[\w]+)+)[`']/g)].map((m) => m[1]!),
    );
    expect(used.length).toBeGreaterThan(20);
    const missing = used.filter((k) => !(k in en) && !(`${k}_other` in en));
    expect(missing).toEqual([]);
  });

  it('include a word for every status and state the page shows', () => {
    for (const s of ['pending', 'running', 'passed', 'read', 'failed', 'notJudged', 'skipped', 'notRun'])
      expect(en).toHaveProperty(`class.dash.status.${s}`);
    for (const s of ['running', 'paused', 'finished', 'interrupted']) expect(en).toHaveProperty(`class.dash.state.${s}`);
  });
});
