import type { CellMatcher, Check, CheckKind, TableSelector, TextMatcher } from './model.js';
import type { CheckInput } from './schema.js';

type CellInput = string | { equals: string; ignoreCase: boolean } | { matches: string; flags: string };
type TableInput = { from: 'stdout' | 'stderr'; header?: string | undefined; where: Record<string, CellInput> };

/** Converts a validated YAML check into the model, giving it a stable id when the author did not. */
export function toCheck(input: CheckInput, index: number, line: number, existing: Check[]): Check {
  const common = {
    ...(input.platform ? { platforms: input.platform } : {}),
    ...(input.shell ? { shells: input.shell } : {}),
    ...(input.pass !== undefined ? { pass: input.pass } : {}),
    ...(input.fail !== undefined ? { fail: input.fail } : {}),
    line,
  };
  const body = kindOf(input);
  const id = input.id ?? uniqueId(defaultId(body), existing, index);
  return { ...body, ...common, id } as Check;
}

function kindOf(input: CheckInput): CheckKind {
  if (input.exit !== undefined) {
    const e = input.exit;
    if (Array.isArray(e))
      return {
        kind: 'exit',
        expect: e.length === 1 ? (e[0] === 0 ? { kind: 'zero' } : { kind: 'exact', code: e[0]! }) : { kind: 'oneOf', codes: e },
      };
    return {
      kind: 'exit',
      expect:
        e === 'zero' ? { kind: 'zero' } : e === 'nonzero' ? { kind: 'nonzero' } : e === 0 ? { kind: 'zero' } : { kind: 'exact', code: e },
    };
  }
  if (input.stdout !== undefined) return { kind: 'text', stream: 'stdout', matcher: textMatcher(input.stdout) };
  if (input.stderr !== undefined) return { kind: 'text', stream: 'stderr', matcher: textMatcher(input.stderr) };
  if (input.capture !== undefined) {
    const c = input.capture;
    const patterns = c.regex === undefined ? [] : Array.isArray(c.regex) ? c.regex : [c.regex];
    return {
      kind: 'capture',
      capture: {
        name: c.name,
        type: c.type,
        ...(c.table ? { table: { ...table(c.table), column: c.table.column } } : {}),
        regex: patterns.map((pattern) => ({ pattern, flags: c.flags, from: c.from })),
      },
    };
  }
  if (input.row !== undefined) return { kind: 'row', expect: 'present', table: table(input.row) };
  return { kind: 'row', expect: 'absent', table: table(input.noRow!) };
}

function textMatcher(m: NonNullable<CheckInput['stdout']>): TextMatcher {
  const flags = m.flags ?? '';
  if (m.contains !== undefined) return { kind: 'contains', value: m.contains };
  if (m.notContains !== undefined) return { kind: 'notContains', value: m.notContains };
  if (m.matches !== undefined) return { kind: 'matches', pattern: m.matches, flags };
  return { kind: 'notMatches', pattern: m.notMatches!, flags };
}

function table(t: TableInput): TableSelector {
  const where: Record<string, CellMatcher> = {};
  for (const [column, v] of Object.entries(t.where)) {
    where[column] =
      typeof v === 'string'
        ? { kind: 'equals', value: v, ignoreCase: false }
        : 'equals' in v
          ? { kind: 'equals', value: v.equals, ignoreCase: v.ignoreCase }
          : { kind: 'matches', pattern: v.matches, flags: v.flags };
  }
  return { from: t.from, ...(t.header !== undefined ? { header: t.header } : {}), where };
}

function defaultId(check: CheckKind): string {
  switch (check.kind) {
    case 'exit':
      return 'exit';
    case 'text':
      return `${check.stream}-${kebab(check.matcher.kind)}`;
    case 'capture':
      return `capture-${kebab(check.capture.name)}`;
    case 'row':
      return check.expect === 'present' ? 'row' : 'no-row';
  }
}

function uniqueId(base: string, existing: Check[], index: number): string {
  return existing.some((c) => c.id === base) ? `${base}-${index + 1}` : base;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/_/g, '-');
}
