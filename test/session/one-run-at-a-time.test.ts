import { describe, expect, it } from 'vitest';
import { labText, parse, startStep } from '../helpers/lab.js';
import { shSession } from '../helpers/session.js';

/**
 * A learner who presses Enter three times fast on "start a process in new namespaces" must get one
 * process, not three: the step is busy from the moment it is asked to run, including while isolab
 * still checks that the captured process is the one it captured, before the command starts.
 */
const lab = parse(labText(startStep('echo started')));

describe('a step runs once however fast its key is pressed', () => {
  it('is busy as soon as it is asked to run, and a second request does not run the command again', async () => {
    let runs = 0;
    const s = shSession(lab, {
      exec: async () => {
        runs += 1;
        return { stdout: 'started\n', stderr: '', exitCode: 0, durationMs: 1 } as never;
      },
    });
    const first = s.runStep('start');
    expect(s.busy).toBe(true);
    const second = s.runStep('start').then(
      () => 'ran',
      () => 'refused',
    );
    await first;
    expect(await second).toBe('refused');
    expect(runs).toBe(1);
  });
});
