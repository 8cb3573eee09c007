import { setFlagsFromString } from 'node:v8';

/**
 * Lab authors write regexes; a catastrophic one (`^(a+)+$` on "aaa…b") would freeze the runner,
 * Ctrl+C included, because matching runs on the main thread. V8 can switch such a regex to its
 * linear-time engine when it backtracks too much: turn that on before any lab regex is compiled.
 */
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
