import { describe, expect, test } from 'vitest';
import { msg } from '../../src/i18n/translate.js';
import {
  contextOf,
  footerOf,
  initialControllerState,
  update,
  type ControllerEvent,
  type ControllerState,
  type Effect,
  type Facts,
  type StepFacts,
} from '../../src/ui/controller.js';
import type { Command } from '../../src/ui/keys/bindings.js';

/** The learner's loop without a terminal: keys in, state and effects (as data) out. */

const steps = (...statuses: StepFacts['status'][]): StepFacts[] =>
  statuses.map((status, i) => ({ id: `s${i + 1}`, status, hints: i === 0 ? 2 : 0 }));

function facts(lab: Partial<NonNullable<Facts['lab']>> | null = {}): Facts {
  return {
    labCount: 3,
    ...(lab
      ? {
          lab: {
            readOnly: false,
            busy: false,
            started: true,
            steps: steps('pending', 'pending', 'pending'),
            preview: { ok: true },
            shownMatches: true,
            shownWhole: true,
            keeps: false,
            hasOutput: false,
            shell: 'sh',
            shells: ['sh'],
            ...lab,
          },
        }
      : {}),
    prose: { max: 10, page: 4 },
    command: { max: 0, page: 6 },
    results: { max: 12, page: 5 },
    viewer: { maxTop: 40, maxLeft: 30, page: 10 },
  };
}

const inLab: ControllerState = { ...initialControllerState, screen: 'lab' };

/** Plays events in order against fixed facts; returns the last state and every effect asked for. */
function play(state: ControllerState, f: Facts, ...events: (ControllerEvent | Command)[]): { state: ControllerState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const e of events) {
    const out = update(state, f, typeof e === 'string' ? { type: 'key', command: e } : e);
    state = out.state;
    effects.push(...out.effects);
  }
  return { state, effects };
}

describe('opening', () => {
  test('Enter on the lab list opens the selected lab once, however often it is pressed', () => {
    const { state, effects } = play(initialControllerState, facts(null), 'down', 'open', 'open');
    expect(effects).toEqual([{ type: 'open', labIndex: 1 }]);
    expect(state.opening).toBe(1);
  });

  test('a lab with saved progress asks first; one without starts fresh at once', () => {
    const asked = play({ ...initialControllerState, opening: 0 }, facts({ started: false }), { type: 'opened', saved: true });
    expect(contextOf(asked.state, facts({ started: false }))).toBe('resumePrompt');
    expect(asked.effects).toEqual([]);
    const fresh = play({ ...initialControllerState, opening: 0 }, facts({ started: false }), { type: 'opened', saved: false });
    expect(fresh.effects).toEqual([{ type: 'start', fresh: true }]);
  });

  test('resume asks for the saved session once and waits for it', () => {
    const { state, effects } = play({ ...inLab, resume: { checking: false } }, facts({ started: false }), 'resume', 'resume');
    expect(effects).toEqual([{ type: 'start', fresh: false }]);
    expect(contextOf(state, facts({ started: false }))).toBe('busy');
  });
});

describe('what Enter, r and s do now', () => {
  test('Enter runs a step that has not run, and only the command that was shown', () => {
    expect(play(inLab, facts(), 'run').effects).toEqual([{ type: 'run', stepId: 's1', replace: false }]);
    const changed = play(inLab, facts({ shownMatches: false }), 'run');
    expect(changed.effects).toEqual([]);
    expect(changed.state.notice?.lines[0]?.key).toBe('ui.notice.commandChanged');
  });

  test('Enter and r refuse a command not yet shown whole, naming the key that shows the rest; once it was, they run it', () => {
    const part = { ...facts({ shownWhole: false }), command: { max: 12, page: 5 } };
    for (const key of ['run', 'rerun'] as const) {
      const refused = play(inLab, part, key);
      expect(refused.effects).toEqual([]);
      expect(refused.state.notice?.lines[0]).toMatchObject({ key: 'ui.notice.commandNotWhole', params: { key: 'm' } });
    }
    expect(play(inLab, { ...part, lab: { ...part.lab!, shownWhole: true } }, 'run').effects).toEqual([
      { type: 'run', stepId: 's1', replace: false },
    ]);
  });

  test('a refused run names the key that runs the command: Enter on a step not run yet, r on one that ran (where Enter moves on)', () => {
    const part = { ...facts({ shownWhole: false }), command: { max: 12, page: 5 } };
    expect(play(inLab, part, 'run').state.notice?.lines).toEqual([
      msg('ui.notice.commandNotWhole', { key: 'm', run: msg('ui.keyName.enter') }),
    ]);
    const ran = { ...part, lab: { ...part.lab!, steps: steps('passed', 'pending', 'pending') } };
    expect(play(inLab, ran, 'rerun').state.notice?.lines).toEqual([msg('ui.notice.commandNotWhole', { key: 'm', run: 'r' })]);
    const changed = { ...ran, lab: { ...ran.lab, shownMatches: false } };
    expect(play(inLab, changed, 'rerun').state.notice?.lines).toEqual([msg('ui.notice.commandChanged', { run: 'r' })]);
    expect(play(inLab, { ...changed, lab: { ...changed.lab, steps: steps('pending') } }, 'run').state.notice?.lines).toEqual([
      msg('ui.notice.commandChanged', { run: msg('ui.keyName.enter') }),
    ]);
  });

  test('the footer names only keys that act on this screen: PgDn while the results hide something, o once there is output, h where there is a hint, s where there is something to skip', () => {
    const keys = (f: Facts, state = inLab) => footerOf(state, f).map((i) => i.command);
    const before = { ...facts(), results: { max: 0, page: 5 } };
    expect(keys(before)).not.toContain('resultsDown');
    expect(keys(before)).not.toContain('output');
    expect(keys({ ...before, results: { max: 3, page: 5 } })).toContain('resultsDown');
    expect(keys({ ...before, lab: { ...before.lab!, hasOutput: true } })).toContain('output');
    // s2 has no hint; a passed step has nothing to skip.
    expect(keys(before)).toContain('hint');
    expect(keys(before, { ...inLab, stepIndex: 1 })).not.toContain('hint');
    expect(keys(before)).toContain('skip');
    expect(keys({ ...before, lab: { ...before.lab!, steps: steps('passed', 'pending') } })).not.toContain('skip');
    // A step to read runs nothing: Enter marks it read, and the footer says so rather than "run".
    const toRead = { ...before, lab: { ...before.lab!, steps: [{ id: 's1', status: 'pending' as const, hints: 0, reads: true }] } };
    expect(footerOf(inLab, toRead).find((i) => i.command === 'run')?.word).toBe('ui.footer.markRead');
    expect(footerOf(inLab, before).find((i) => i.command === 'run')?.word).toBe('ui.footer.run');
    // A step already read has nothing to skip either (s would only say so).
    expect(keys({ ...before, lab: { ...before.lab!, steps: steps('read', 'pending') } })).not.toContain('skip');
    // While a step runs, its output is on its way: PgDn and o stay named for the whole run, so the
    // footer does not change (the screen redraw) when the output first arrives or overflows.
    const running = keys({ ...before, lab: { ...before.lab!, busy: true } });
    expect(running).toContain('resultsDown');
    expect(running).toContain('output');
  });

  test('the in-lab help and the end screen name PgDn only while something is below, and PgUp once scrolled to their end', () => {
    const keys = (state: ControllerState, f: Facts) => footerOf(state, f).map((i) => i.command);
    const atEnd = { ...inLab, ended: true };
    const inHelp = { ...inLab, helpOpen: true };
    for (const state of [atEnd, inHelp]) {
      // Everything fits: no scroll key at all.
      expect(keys(state, { ...facts(), results: { max: 0, page: 20 } })).not.toContain('resultsDown');
      expect(keys(state, { ...facts(), results: { max: 0, page: 20 } })).not.toContain('resultsUp');
      // More below: PgDn.
      expect(keys(state, facts())).toContain('resultsDown');
      // Scrolled to the end: nothing below, so not PgDn; PgUp goes back.
      const bottom = { ...state, resultsScroll: 12 };
      expect(keys(bottom, facts())).not.toContain('resultsDown');
      expect(keys(bottom, facts())).toContain('resultsUp');
    }
    expect(footerOf({ ...inHelp, resultsScroll: 12 }, facts()).find((i) => i.command === 'resultsUp')?.word).toBe(
      'ui.footer.help.resultsUp',
    );
  });

  test('on the step screen, a region scrolled to its end names the key back up, not Space or PgDn, which would move nothing', () => {
    const keys = (state: ControllerState, f: Facts) => footerOf(state, f).map((i) => i.command);
    const f = { ...facts(), prose: { max: 3, page: 4 }, results: { max: 12, page: 10 } };
    expect(keys(inLab, f)).toEqual(expect.arrayContaining(['scrollDown', 'resultsDown']));
    expect(keys(inLab, f)).not.toContain('scrollUp');
    expect(keys(inLab, f)).not.toContain('resultsUp');
    const proseEnd = play(inLab, f, 'scrollDown').state;
    expect(proseEnd.proseScroll).toBe(3);
    expect(keys(proseEnd, f)).not.toContain('scrollDown');
    expect(keys(proseEnd, f)).toContain('scrollUp');
    const resultsEnd = { ...inLab, resultsScroll: 12 };
    expect(keys(resultsEnd, f)).not.toContain('resultsDown');
    expect(keys(resultsEnd, f)).toContain('resultsUp');
    // While a step runs its output keeps coming: PgDn stays named.
    expect(keys(resultsEnd, facts({ busy: true }))).toContain('resultsDown');
  });

  test('m pages through a command taller than its box, then goes back to its top', () => {
    const f = { ...facts({ shownWhole: false }), command: { max: 12, page: 5 } };
    const tops: number[] = [];
    let state = inLab;
    for (let i = 0; i < 5; i++) {
      state = play(state, f, 'commandDown').state;
      tops.push(state.commandScroll);
    }
    expect(tops).toEqual([5, 10, 12, 0, 5]);
    // Another step starts at the top of its own command.
    expect(play(state, f, 'down').state.commandScroll).toBe(0);
  });

  test('the footer names the key of every step region that hides something, and only then', () => {
    const keys = (f: Facts) => footerOf(inLab, f).map((i) => i.command);
    const fits = { ...facts(), prose: { max: 0, page: 4 }, command: { max: 0, page: 6 } };
    expect(keys(fits)).not.toContain('scrollDown');
    expect(keys(fits)).not.toContain('commandDown');
    expect(keys(fits)).toContain('resultsDown');
    expect(keys({ ...fits, prose: { max: 3, page: 4 } })).toContain('scrollDown');
    expect(keys({ ...fits, command: { max: 3, page: 6 } })).toContain('commandDown');
  });

  test('Enter on a step that ran or was skipped moves on; on the last one it opens the end screen', () => {
    const f = facts({ steps: steps('passed', 'skipped', 'failed') });
    let out = play(inLab, f, 'run');
    expect(out.effects).toEqual([]);
    expect(out.state.stepIndex).toBe(1);
    out = play(out.state, f, 'run', 'run');
    expect(out.effects).toEqual([]);
    expect(out.state.stepIndex).toBe(2);
    expect(out.state.ended).toBe(true);
    expect(contextOf(out.state, f)).toBe('end');
  });

  test('r re-runs a step that ran, replacing what it created; on a step not yet run it simply runs', () => {
    expect(play(inLab, facts({ steps: steps('passed') }), 'rerun').effects).toEqual([{ type: 'run', stepId: 's1', replace: true }]);
    expect(play(inLab, facts(), 'rerun').effects).toEqual([{ type: 'run', stepId: 's1', replace: false }]);
  });

  test('a step that cannot run yet is not offered to run, and Enter there does not repeat the warning its box shows', () => {
    const blocked = facts({ preview: { ok: false, reason: msg('session.missingCapture', { step: 'Start' }) } });
    const out = play(inLab, blocked, 'run');
    expect(out.effects).toEqual([]);
    expect(out.state.notice?.lines).toEqual([msg('ui.notice.cannotRunYet')]);
    const offered = footerOf(inLab, blocked).map((i) => i.command);
    expect(offered).not.toContain('run');
    expect(offered).not.toContain('rerun');
    expect(offered).toContain('skip');
  });

  test('read-only and busy labs run nothing', () => {
    for (const f of [facts({ readOnly: true }), facts({ busy: true })]) {
      for (const c of ['run', 'rerun', 'skip'] as const) expect(play(inLab, f, c).effects).toEqual([]);
    }
  });

  test('s skips and moves on; a passed step cannot be skipped', () => {
    const out = play(inLab, facts(), 'skip');
    expect(out.effects).toEqual([{ type: 'skip', stepId: 's1' }]);
    expect(out.state.stepIndex).toBe(1);
    expect(play(inLab, facts({ steps: steps('passed') }), 'skip').effects).toEqual([]);
  });

  test('a step already read cannot be skipped either: skipping it would turn a finished run into one not proven', () => {
    const out = play(inLab, facts({ steps: steps('read') }), 'skip');
    expect(out.effects).toEqual([]);
    expect(out.state.notice?.lines[0]).toEqual(msg('ui.notice.alreadyRead'));
  });

  test('the footer names what Enter does now: run, next step, or finish', () => {
    const word = (f: Facts, s = inLab) => footerOf(s, f).find((i) => i.command === 'run')?.word;
    expect(word(facts())).toBe('ui.footer.run');
    expect(word(facts({ steps: steps('passed', 'pending') }))).toBe('ui.footer.next');
    expect(word(facts({ steps: steps('skipped', 'pending') }))).toBe('ui.footer.next');
    expect(word(facts({ steps: steps('passed', 'passed') }), { ...inLab, stepIndex: 1 })).toBe('ui.footer.finish');
    expect(word(facts({ steps: steps('redo') }))).toBe('ui.footer.run');
    // Nothing that runs is offered while a step runs.
    expect(footerOf(inLab, facts({ busy: true })).map((i) => i.command)).not.toContain('run');
    // A lab only read: Enter reads on, to the end after its last step; nothing runs, nothing is skipped.
    const readOnly = facts({ readOnly: true, steps: steps('pending', 'pending') });
    expect(footerOf(inLab, readOnly).map((i) => i.command)).not.toContain('rerun');
    expect(footerOf(inLab, readOnly).map((i) => i.command)).not.toContain('skip');
    expect(word(readOnly)).toBe('ui.footer.next');
    expect(word(readOnly, { ...inLab, stepIndex: 1 })).toBe('ui.footer.finish');
    expect(play(inLab, readOnly, 'run').effects).toEqual([]);
    expect(play(inLab, readOnly, 'run').state.stepIndex).toBe(1);
    expect(play({ ...inLab, stepIndex: 1 }, readOnly, 'run').state.ended).toBe(true);
    expect(play(inLab, readOnly, 'rerun').state.notice?.lines[0]).toEqual(msg('ui.notice.readOnly'));
  });
});

describe('leaving pauses; removing is asked for', () => {
  test('q and Esc in a lab that created nothing leave at once, pausing (never removing)', () => {
    expect(play(inLab, facts(), 'quit').effects).toEqual([{ type: 'pause' }]);
    expect(play(inLab, facts(), 'back').effects).toEqual([{ type: 'pause' }]);
  });

  test('q and Esc in a lab that keeps something ask first, and run nothing', () => {
    for (const c of ['quit', 'back'] as const) {
      const out = play(inLab, facts({ keeps: true }), c);
      expect(out.effects).toEqual([]);
      expect(contextOf(out.state, facts({ keeps: true }))).toBe('leaving');
    }
  });

  test('on the question: Enter keeps and leaves, Esc stays, x removes; only x removes anything', () => {
    const f = facts({ keeps: true });
    const asked = play(inLab, f, 'quit').state;
    expect(play(asked, f, 'keep').effects).toEqual([{ type: 'pause' }]);
    expect(play(asked, f, 'quit').effects).toEqual([{ type: 'pause' }]);
    const stayed = play(asked, f, 'stay');
    expect(stayed.effects).toEqual([]);
    expect(contextOf(stayed.state, f)).toBe('lab');
    const removing = play(asked, f, 'remove');
    expect(removing.effects).toEqual([{ type: 'remove' }]);
    // After the removal, leaving goes on as it was asked: pause, then quit.
    const after = play(removing.state, f, { type: 'removed', notice: { tone: 'ok', lines: [] } }, { type: 'left' });
    expect(after.effects).toEqual([{ type: 'pause' }, { type: 'exit', code: 0, forced: false }]);
  });

  test('Ctrl+C stops a running step first; when nothing runs it leaves at once, keeping everything', () => {
    const busy = play(inLab, facts({ busy: true, keeps: true }), 'interrupt');
    expect(busy.effects).toEqual([{ type: 'cancel' }]);
    expect(busy.state.cancelRequested).toBe(true);
    expect(play(inLab, facts({ keeps: true }), 'interrupt').effects).toEqual([{ type: 'pause' }]);
    // A second Ctrl+C while pausing or removing leaves at once.
    const pausing = play(inLab, facts({ keeps: true }), 'interrupt').state;
    expect(play(pausing, facts({ keeps: true }), 'interrupt').effects).toEqual([{ type: 'exit', code: 130, forced: true }]);
  });

  test('a stop signal pauses and exits, removing nothing', () => {
    const out = play(inLab, facts({ keeps: true }), { type: 'stop' }, { type: 'left' });
    expect(out.effects).toEqual([{ type: 'pause' }, { type: 'exit', code: 0, forced: false }]);
  });

  test('the end screen offers removal with x and goes back to the list with Enter, keeping what runs', () => {
    const f = facts({ keeps: true, steps: steps('passed') });
    const end = play(inLab, f, 'run').state;
    expect(contextOf(end, f)).toBe('end');
    expect(footerOf(end, f).map((i) => i.command)).toContain('remove');
    expect(play(end, f, 'remove').effects).toEqual([{ type: 'remove' }]);
    const stays = play(end, f, 'remove', { type: 'removed', notice: { tone: 'ok', lines: [] } });
    expect(stays.state.leaving).toBeUndefined();
    expect(contextOf(stays.state, f)).toBe('end');
    expect(play(end, f, 'labs').effects).toEqual([]); // it asks first: the lab keeps something
    expect(play(end, facts({ steps: steps('passed') }), 'labs').effects).toEqual([{ type: 'pause' }]);
  });
});

describe('scrolling', () => {
  test('verdicts and output scroll by a page and stop at the end; moving to another step starts at the top', () => {
    let out = play(inLab, facts(), 'resultsDown', 'resultsDown', 'resultsDown', 'resultsDown');
    expect(out.state.resultsScroll).toBe(12);
    out = play(out.state, facts(), 'resultsUp');
    expect(out.state.resultsScroll).toBe(8);
    expect(play(out.state, facts(), 'down').state.resultsScroll).toBe(0);
  });

  test('o opens the whole output, which scrolls both ways, and closes with Esc or o', () => {
    expect(play(inLab, facts(), 'output').state.viewer).toBeUndefined();
    const f = facts({ hasOutput: true });
    const open = play(inLab, f, 'output').state;
    expect(contextOf(open, f)).toBe('viewer');
    const moved = play(open, f, 'down', 'right', 'right', 'scrollDown');
    expect(moved.state.viewer).toEqual({ top: 11, left: 16 });
    expect(play(moved.state, f, 'back').state.viewer).toBeUndefined();
    expect(play(moved.state, f, 'output').state.viewer).toBeUndefined();
  });
});

describe('e switches the shell: the same lab in its other edition', () => {
  const two = (lab: Partial<NonNullable<Facts['lab']>> = {}) => facts({ shells: ['sh', 'powershell'], ...lab });
  const onLab = { ...inLab, labIndex: 2 };

  test('on a lab with one shell here the key is not offered, and pressing it only says so', () => {
    expect(footerOf(inLab, facts()).map((i) => i.command)).not.toContain('shell');
    const out = play(inLab, facts(), 'shell');
    expect(out.effects).toEqual([]);
    expect(out.state.notice?.lines[0]).toEqual(msg('ui.notice.oneShell', { shell: 'sh' }));
  });

  test('with two shells it is offered; a lab that keeps nothing pauses this edition and opens the other one', () => {
    expect(footerOf(inLab, two()).map((i) => i.command)).toContain('shell');
    const out = play(onLab, two(), 'shell');
    expect(out.effects).toEqual([{ type: 'pause' }]);
    const left = play(out.state, two(), { type: 'left' });
    expect(left.effects).toEqual([{ type: 'open', labIndex: 2, shell: 'powershell' }]);
    expect(left.state.opening).toBe(2);
    expect(left.state.notice?.lines).toEqual([msg('ui.shell.switched', { shell: 'PowerShell' })]);
    // From PowerShell, e goes back to sh.
    expect(play(play(onLab, two({ shell: 'powershell' }), 'shell').state, two(), { type: 'left' }).effects).toEqual([
      { type: 'open', labIndex: 2, shell: 'sh' },
    ]);
  });

  test('while a step runs nothing is switched: the notice says why, and the key leaves the footer', () => {
    const out = play(onLab, two({ busy: true, keeps: true }), 'shell');
    expect(out.effects).toEqual([]);
    expect(out.state.notice?.lines[0]?.key).toBe('ui.notice.busyShell');
    expect(out.state.leaving).toBeUndefined();
    expect(footerOf(onLab, two({ busy: true })).map((i) => i.command)).not.toContain('shell');
  });

  test('an edition that keeps containers asks first, as leaving does: keep and switch, remove and switch, or stay', () => {
    const f = two({ keeps: true });
    const asked = play(onLab, f, 'shell');
    expect(asked.effects).toEqual([]);
    expect(contextOf(asked.state, f)).toBe('leaving');
    expect(asked.state.leaving?.then).toBe('shell');
    expect(asked.state.leaving).toMatchObject({ stage: 'ask', shell: 'powershell' });
    // Enter keeps what it created (paused, on the ledger) and switches.
    expect(play(asked.state, f, 'keep', { type: 'left' }).effects).toEqual([
      { type: 'pause' },
      { type: 'open', labIndex: 2, shell: 'powershell' },
    ]);
    // x removes it (its commands are on screen), then switches.
    const removed = play(
      asked.state,
      f,
      'remove',
      { type: 'removed', notice: { tone: 'ok', lines: [msg('ui.notice.removed', { what: 'x' })] } },
      { type: 'left' },
    );
    expect(removed.effects).toEqual([{ type: 'remove' }, { type: 'pause' }, { type: 'open', labIndex: 2, shell: 'powershell' }]);
    expect(removed.state.notice?.lines.map((m) => m.key)).toEqual(['ui.notice.removed', 'ui.shell.switched']);
    // Esc stays in this edition with everything as it was.
    const stayed = play(asked.state, f, 'stay');
    expect(stayed.effects).toEqual([]);
    expect(contextOf(stayed.state, f)).toBe('lab');
  });

  test('the resume question and the end screen offer it too (the other edition has its own progress)', () => {
    const resume = { ...onLab, resume: { checking: false } };
    expect(play(resume, two({ started: false }), 'shell', { type: 'left' }).effects).toEqual([
      { type: 'pause' },
      { type: 'open', labIndex: 2, shell: 'powershell' },
    ]);
    const end = { ...onLab, ended: true };
    expect(footerOf(end, two()).find((i) => i.command === 'shell')?.word).toBe('ui.footer.shell');
  });
});

describe('home suggests what runs here', () => {
  test('a suggestion moves the cursor on the lab list until the learner moves it', () => {
    expect(play(initialControllerState, facts(null), { type: 'suggest', labIndex: 2 }).state.labIndex).toBe(2);
    const moved = play(initialControllerState, facts(null), 'down', { type: 'suggest', labIndex: 2 });
    expect(moved.state.labIndex).toBe(1);
    // Inside a lab it changes nothing.
    expect(play(inLab, facts(), { type: 'suggest', labIndex: 2 }).state.labIndex).toBe(0);
  });
});

describe('moving past either end', () => {
  test('says it is the first or last lab or step, so a screen reader never meets silence, and moves nothing', () => {
    const home: ControllerState = { ...initialControllerState, screen: 'home' };
    const f = facts(null);
    expect(play(home, f, 'up').state.notice?.lines[0]).toEqual(msg('ui.notice.firstLab'));
    const last = play(home, f, 'down', 'down', 'down');
    expect(last.state.labIndex).toBe(2);
    expect(last.state.notice?.lines[0]).toEqual(msg('ui.notice.lastLab'));
    // Within the list, no notice.
    expect(play(home, f, 'down').state.notice).toBeUndefined();
    const lab = facts({ steps: steps('pending', 'pending') });
    expect(play(inLab, lab, 'up').state.notice?.lines[0]).toEqual(msg('ui.notice.firstStep'));
    const end = play(inLab, lab, 'down', 'down');
    expect(end.state.stepIndex).toBe(1);
    expect(end.state.notice?.lines[0]).toEqual(msg('ui.notice.lastStep'));
  });
});
