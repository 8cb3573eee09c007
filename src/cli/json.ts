import type { LabProblem } from '../lab/errors.js';

/**
 * The version of every `--json` document isolab prints (list, doctor, and their errors). Bump it when a
 * field changes meaning or type; adding a field does not.
 */
const JSON_SCHEMA_VERSION = 1;

/** A `--json` document: always an object, so it can carry its schema version. */
export function jsonDocument(body: Record<string, unknown>): string {
  return `${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...body }, null, 2)}\n`;
}

type JsonErrorKind = 'usage' | 'lab' | 'file';

/** What `--json` prints on stdout when the command could not do its job (the exit code says 2). */
export function jsonError(kind: JsonErrorKind, message: string, problems: LabProblem[] = []): string {
  return jsonDocument({
    ok: false,
    error: { kind, message, problems: problems.map((p) => ({ file: p.file, line: p.line, message: p.message, hint: p.hint ?? null })) },
  });
}
