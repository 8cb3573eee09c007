/**
 * The steps of hyperv-isolation's Linux editions and the checks each reports, in order: one table
 * for the sh and PowerShell editions, which differ only where PowerShell also judges its error id.
 */
export function hypervChecks(shell: 'sh' | 'powershell'): [string, string[]][] {
  return [
    ['choose-isolation', []],
    ['start-process', ['started', 'container-id']],
    ['process-top', ['top-pid']],
    ['process-on-host', ['exit', 'same-pid-on-host']],
    ['process-two-pids', ['nspid']],
    ['start-sandbox', ['started', 'container-id']],
    ['sandbox-top', ['top-answered', 'top-misses-ping']],
    ['sandbox-inside', ['ping-inside']],
    [
      'sandbox-on-host',
      ['listed', 'sandbox-has-host-processes', 'no-host-ping', ...(shell === 'powershell' ? ['only-not-found-error'] : [])],
    ],
    ['sandbox-worker', ['inspected', 'sandbox-process', 'not-the-ping']],
    ['kernels', ['asked', 'host-kernel', 'runc-shares-kernel', 'sandbox-kernel', 'sandbox-own-kernel']],
    ['remove-containers', ['listed', 'nothing-left']],
  ];
}
