import { describe, expect, it } from 'vitest';
import { findColumn, parseTable } from '../src/check/table.js';

// Outputs as printed in the seed documents (Microsoft's Hyper-V containers docs) and on a real host here.
const DOCKER_TOP_LINUX = `UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD
root                15625               15605               1                   10:48               ?                   00:00:00            ping 127.0.0.1
`;
const PS_LINUX = `    PID COMMAND
      1 process_api
  15625 ping
`;
const GET_PROCESS_PING = `
Handles  NPM(K)    PM(K)      WS(K) VM(M)   CPU(s)     Id  SI ProcessName
-------  ------    -----      ----- -----   ------     --  -- -----------
     67       5      820       3836 ...71     0.03   3964   3 PING
`;
const GET_PROCESS_CSRSS = `Handles  NPM(K)    PM(K)      WS(K) VM(M)   CPU(s)     Id  SI ProcessName
-------  ------    -----      ----- -----   ------     --  -- -----------
    252      11     1712       3968 ...98     0.53    532   0 csrss
    113      11     1176       3676 ...93     0.25    608   1 csrss
    175       9     1260       3708 ...97     0.20   1228   3 csrss
    243      13     1736       5512 ...17     3.77   3484   2 csrss
`;
// The Hyper-V container's csrss in the older Spanish doc has an empty Handles cell.
const GET_PROCESS_EMPTY_CELL = `Handles  NPM(K)    PM(K)      WS(K) VM(M)   CPU(s)     Id  SI ProcessName
-------  ------    -----      ----- -----   ------     --  -- -----------
              4      452       1520 ...63     0.06    956   1 csrss
`;
// docker top on a current Windows engine (tabwriter, a header with spaces).
const DOCKER_TOP_WINDOWS = `Name                PID                 CPU                 Private Working Set
ping.exe            3964                00:00:00.031        1.044MB
`;

describe('column-aligned tables', () => {
  it('reads docker top on Linux, keeping the command line with its arguments in CMD', () => {
    const t = parseTable(DOCKER_TOP_LINUX)!;
    expect(t.columns).toEqual(['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
    expect(t.rows).toEqual([
      { UID: 'root', PID: '15625', PPID: '15605', C: '1', STIME: '10:48', TTY: '?', TIME: '00:00:00', CMD: 'ping 127.0.0.1' },
    ]);
  });

  it('reads ps with right-aligned PIDs', () => {
    const t = parseTable(PS_LINUX)!;
    expect(t.rows).toEqual([
      { PID: '1', COMMAND: 'process_api' },
      { PID: '15625', COMMAND: 'ping' },
    ]);
  });

  it('reads PowerShell Format-Table output using the dashed rule, after a leading blank line', () => {
    const t = parseTable(GET_PROCESS_PING)!;
    expect(t.columns).toEqual(['Handles', 'NPM(K)', 'PM(K)', 'WS(K)', 'VM(M)', 'CPU(s)', 'Id', 'SI', 'ProcessName']);
    expect(t.rows[0]).toMatchObject({ Handles: '67', 'VM(M)': '...71', 'CPU(s)': '0.03', Id: '3964', SI: '3', ProcessName: 'PING' });
    expect(parseTable(GET_PROCESS_CSRSS)!.rows.map((r) => r.Id)).toEqual(['532', '608', '1228', '3484']);
  });

  it('leaves an empty cell empty instead of shifting the row', () => {
    expect(parseTable(GET_PROCESS_EMPTY_CELL)!.rows[0]).toMatchObject({ Handles: '', 'NPM(K)': '4', Id: '956', ProcessName: 'csrss' });
  });

  it('keeps a multi-word header such as "Private Working Set" as one column', () => {
    const t = parseTable(DOCKER_TOP_WINDOWS)!;
    expect(t.columns).toEqual(['Name', 'PID', 'CPU', 'Private Working Set']);
    expect(t.rows[0]).toEqual({ Name: 'ping.exe', PID: '3964', CPU: '00:00:00.031', 'Private Working Set': '1.044MB' });
    expect(findColumn(t, 'private working set')).toBe('Private Working Set');
  });

  it('finds the header by pattern and stops at the first blank line after the rows', () => {
    const text = `docker top 1f8bf890\n\nPID   USER     COMMAND\n    1 root     ping 127.0.0.1\n    2 root     ps\n\ntrailing text 1 2 3\n`;
    const t = parseTable(text, '\\bPID\\b')!;
    expect(t.headerLine).toBe(3);
    expect(t.rows).toEqual([
      { PID: '1', USER: 'root', COMMAND: 'ping 127.0.0.1' },
      { PID: '2', USER: 'root', COMMAND: 'ps' },
    ]);
  });

  it('has no table when nothing matches the header pattern', () => {
    expect(parseTable('', undefined)).toBeUndefined();
    expect(parseTable('just words', 'PID')).toBeUndefined();
  });
});

describe('tables that docker and ps print', () => {
  it('docker ps: "CONTAINER ID" is one column, left-aligned values with spaces stay in their cell', () => {
    const text = `CONTAINER ID   IMAGE            COMMAND                  CREATED              STATUS              PORTS     NAMES
b92843eec205   busybox:stable   "sh -c 'sleep 1000; …"   About a minute ago   Up About a minute             tbltest
`;
    const t = parseTable(text)!;
    expect(t.columns).toEqual(['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']);
    expect(t.rows[0]).toEqual({
      'CONTAINER ID': 'b92843eec205',
      IMAGE: 'busybox:stable',
      COMMAND: `"sh -c 'sleep 1000; …"`,
      CREATED: 'About a minute ago',
      STATUS: 'Up About a minute',
      PORTS: '',
      NAMES: 'tbltest',
    });
  });

  it('ps with several right-aligned numbers, and a name printed twice', () => {
    const text = `    PID    PPID COMMAND         COMMAND
  41235   41214 ping            ping 127.0.0.1
      7       1 sh              /bin/sh -c x
`;
    const t = parseTable(text)!;
    expect(t.columns).toEqual(['PID', 'PPID', 'COMMAND', 'COMMAND#2']);
    expect(t.rows).toEqual([
      { PID: '41235', PPID: '41214', COMMAND: 'ping', 'COMMAND#2': 'ping 127.0.0.1' },
      { PID: '7', PPID: '1', COMMAND: 'sh', 'COMMAND#2': '/bin/sh -c x' },
    ]);
  });
});
