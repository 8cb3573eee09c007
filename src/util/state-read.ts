import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** A state file that is not one isolab could have written: a link, a pipe, a device, or far too big. */
export class StateFileMisfit extends Error {
  constructor(
    readonly path: string,
    readonly problem: 'notAFile' | 'tooBig',
  ) {
    super(`${path}: ${problem}`);
    this.name = 'StateFileMisfit';
  }
}

/**
 * Reads a file of isolab's state folder. isolab writes them by rename, so each is a plain file of a
 * bounded size; anything else is refused before a byte is read (StateFileMisfit). A progress file
 * linked to /dev/zero was read until memory ran out, and one linked to a named pipe hung isolab at
 * its start, before any screen. Opened without following a link and without waiting on a pipe; the
 * system's own errors (ENOENT, EACCES) are thrown as they are.
 */
export function readStateFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    // O_NOFOLLOW on a link: ELOOP (EMLINK on some BSDs).
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw new StateFileMisfit(path, 'notAFile');
    throw e;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new StateFileMisfit(path, 'notAFile');
    if (stat.size > maxBytes) throw new StateFileMisfit(path, 'tooBig');
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
