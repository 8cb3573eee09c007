import { setFlagsFromString } from 'node:v8';

/**
 * Lab authors write regexes; a catastrophic one (`^(a+)+$` on "aaa…b") would freeze the runner,
 * Ctrl+C included, because matching runs on the main thread. V8 can switch such a regex to its
 * linear-time engine when it backtracks too much: turn that on before any lab regex is compiled.
 * The `l` flag (the linear engine itself) is enabled too: safe-regex.ts compiles each pattern with
 * it once, to learn whether that fallback can serve it (back-references, look-arounds, `i`, `u` and
 * large counted repeats cannot; those patterns run in a worker with a deadline instead).
 */
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
setFlagsFromString('--enable-experimental-regexp-engine');
