import { describe, expect, it } from 'vitest';
import { recapOf } from '../../src/report/recap.js';

const recap = [
  '- The ping was PID {{pid}} on this host.',
  '- Inside its sandbox it was PID {{inner_pid}},',
  '  and the host saw only runsc-sandbox.',
  '- Two kernels: {{host_kernel}} and {{sandbox_kernel}}.',
  '- The utility-vm lab goes further.',
].join('\n');

describe('the recap says only what this run showed', () => {
  it('leaves out every point that needs a value this run did not capture, and never names the capture', () => {
    const text = recapOf(recap, { pid: { value: '4242' }, host_kernel: { value: '6.1.0' } });
    expect(text).toBe(['- The ping was PID 4242 on this host.', '- The utility-vm lab goes further.'].join('\n'));
    expect(text).not.toMatch(/inner_pid|sandbox_kernel|\{\{|not captured/);
  });

  it('restates every point when every value was captured', () => {
    const all = { pid: '1', inner_pid: '2', host_kernel: '6.1', sandbox_kernel: '4.4' };
    const text = recapOf(recap, Object.fromEntries(Object.entries(all).map(([k, v]) => [k, { value: v }])));
    expect(text).toContain('PID 2,\n  and the host saw only runsc-sandbox.');
    expect(text).toContain('6.1 and 4.4');
  });

  it('is absent when nothing of it holds for this run', () => {
    expect(recapOf('- PID {{pid}}.', {})).toBeUndefined();
    expect(recapOf(undefined, {})).toBeUndefined();
  });
});
