import { describe, expect, it } from 'vitest';
import { labText, parse, problemsOf } from '../helpers/lab.js';

/** The `requires` list of a lab or a step, as authors write it. */
describe('requirements in a lab file', () => {
  it('a file requirement is read with its platform; a var may hold the absolute path', () => {
    const lab = parse(
      labText(
        '\n## S\n<!-- isolab step: s -->\n',
        "id: t\ntitle: T\nplatforms: [linux]\nvars:\n  dir: { value: /var/lib/x, type: path }\nrequires:\n  - file: /etc/hostname\n  - file: '{{dir}}/kernel'\n    platform: linux",
      ),
    );
    expect(lab.requires).toEqual([
      { kind: 'file', name: '/etc/hostname' },
      { kind: 'file', name: '{{dir}}/kernel', platforms: ['linux'] },
    ]);
  });

  it('a relative file path is refused at its line: it would depend on the folder isolab starts in', () => {
    const text = labText('\n## S\n<!-- isolab step: s -->\n', 'id: t\ntitle: T\nplatforms: [linux]\nrequires:\n  - file: images/kernel');
    const [p] = problemsOf(text);
    expect(p!.line).toBe(6);
    expect(p!.message).toBe('requires.0.file: a required file is an absolute path (/var/lib/…, or a var that holds one)');
  });

  it('a requirement with two kinds names every kind there is, file included', () => {
    const text = labText(
      '\n## S\n<!-- isolab step: s -->\n',
      'id: t\ntitle: T\nplatforms: [linux]\nrequires:\n  - { file: /a, command: b }',
    );
    expect(problemsOf(text)[0]!.message).toContain(
      'a requirement names exactly one of command, engine, runtime, isolation, image, file, root',
    );
  });
});
