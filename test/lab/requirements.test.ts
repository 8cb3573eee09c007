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

  it('a required command, runtime or image that would reach a command line as an option is refused at its line', () => {
    // isolab looks the command up on PATH, the runtime in `docker info`, the image with
    // `docker image inspect NAME`: "--help" there said to install "--help"; "--format=…" is an option.
    const text = labText(
      '\n## S\n<!-- isolab step: s -->\n',
      'id: t\ntitle: T\nplatforms: [linux]\nrequires:\n  - command: "--help"\n  - runtime: "-x"\n  - image: "--format={{.Id}}"\n  - command: qemu-system-x86_64\n  - runtime: runsc\n  - image: busybox:stable',
    );
    expect(problemsOf(text).map((p) => `${p.line}: ${p.message}`)).toEqual([
      '6: requires.0.command: a required command or runtime is a plain name: letters, digits and . _ + - (qemu-system-x86_64, runsc), never starting with -',
      '7: requires.1.runtime: a required command or runtime is a plain name: letters, digits and . _ + - (qemu-system-x86_64, runsc), never starting with -',
      '8: requires.2.image: a required image is an image reference (busybox:stable), or a var that holds one',
    ]);
  });

  it('a {{var}} in a requirement must be a var of the lab holding what the requirement takes: never an option, never a capture', () => {
    // `image: "{{img}}"` with img "--help" reached `docker image inspect` as an option, and doctor said
    // "present"; a capture's {{name}} was shown raw (no step has captured anything when requirements are checked).
    const text = labText(
      '\n## S\n<!-- isolab\nstep: s\nrequires:\n  - image: "{{cap}}"\nchecks:\n  - capture: { name: cap, type: string, regex: "(.*)" }\n-->\n',
      'id: t\ntitle: T\nplatforms: [linux]\nvars:\n  img: "--help"\n  good: busybox:stable\n  dir: /var/lib/x\nrequires:\n  - image: "{{img}}"\n  - image: "{{good}}"\n  - file: "{{dir}}/kernel"',
    );
    expect(problemsOf(text).map((p) => `${p.line}: ${p.message}`)).toEqual([
      '10: {{img}} does not hold a valid image (its type is string), and this requirement takes one',
      '19: {{cap}} in a requirement is not a var of the lab: requirements are checked before any step runs, so no captured value exists yet',
    ]);
  });

  it('a var declared as an image that holds no image is said once, where it is declared', () => {
    const text = labText(
      '\n## S\n<!-- isolab step: s -->\n',
      'id: t\ntitle: T\nplatforms: [linux]\nvars:\n  img: { value: "--help", type: image }\nrequires:\n  - image: "{{img}}"',
    );
    expect(problemsOf(text).map((p) => `${p.line}: ${p.message}`)).toEqual(['6: vars: "img" = "--help" is not a valid image']);
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
