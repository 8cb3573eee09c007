/**
 * The steps of hyperv-isolation's Linux editions and the checks each reports, in order: one table
 * for the sh and PowerShell editions, which report the same checks (the PowerShell error id is
 * judged on Windows only, where Get-Process -Name ping is asked).
 */
export function hypervChecks(): [string, string[]][] {
  return [
    ['choose-isolation', []],
    ['start-process', ['started', 'container-id']],
    ['process-top', ['top-pid']],
    ['process-on-host', ['exit', 'same-pid-on-host']],
    ['process-two-pids', ['nspid']],
    ['start-sandbox', ['started', 'container-id']],
    ['sandbox-top', ['top-answered', 'top-misses-ping']],
    ['sandbox-inside', ['ping-inside']],
    ['sandbox-on-host', ['listed', 'sandbox-has-host-processes', 'no-host-ping']],
    ['sandbox-worker', ['inspected', 'sandbox-process', 'not-the-ping']],
    ['kernels', ['asked', 'host-kernel', 'runc-shares-kernel', 'sandbox-kernel', 'sandbox-own-kernel']],
    ['remove-containers', ['listed', 'nothing-left']],
  ];
}
