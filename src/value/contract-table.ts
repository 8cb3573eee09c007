import { type Arg, COMMANDS, type CommandSpec, type DataKind, KIND_TYPES } from './commands.js';

/**
 * The allowlist as docs/lab-format.md shows it, generated from the table the lint uses: the docs
 * cannot drift from the code (a test compares them; `node scripts/contract-table.mjs` prints it).
 */
export function contractTable(): string {
  const rows = COMMANDS.map(
    (c) => `| ${c.shell === 'posix' ? 'sh' : 'PowerShell'} | \`${c.name.join(' ')}\` | ${c.does} | ${dataPlaces(c)} | ${literals(c)} |`,
  );
  const kinds = (Object.keys(KIND_TYPES) as DataKind[]).map((k) => `| ${k} | ${KIND_TYPES[k].join(', ')} |`);
  return [
    '| shell | command | what it does | where a value may stand | options, written as they are |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '| kind of data | capture types that fit |',
    '|---|---|',
    ...kinds,
  ].join('\n');
}

function dataPlaces(c: CommandSpec): string {
  const places: string[] = [];
  for (const [option, kind] of Object.entries(c.options)) if (kind !== 'literal') places.push(`\`${option}\` ${kind}${needs(c, kind)}`);
  if (c.test) places.push('operands: path (around -e -f -d -ef …), number (around -eq …), word (elsewhere)');
  c.operands.forEach((kind, k) => {
    if (kind === 'literal') return;
    const afterLiteral = k > 0 && c.operands[k - 1] === 'literal';
    const which =
      c.operands.length === 1
        ? 'operands'
        : afterLiteral
          ? 'operands after the first'
          : k === c.operands.length - 1
            ? 'then operands'
            : 'first operand';
    places.push(`${which}: ${kind}${needs(c, kind)}`);
  });
  const tail = c.operands.length > 1 && c.operands[c.operands.length - 1] === 'literal' ? '; the rest is literal' : '';
  const acts = c.acts ? '; acts on it: identity checked first' : '';
  return places.length ? places.join('; ') + tail + acts : 'none';
}

function needs(c: CommandSpec, kind: Arg): string {
  return kind === 'pattern' && c.patternNeeds ? ` (with \`${c.patternNeeds[0]}\`)` : '';
}

function literals(c: CommandSpec): string {
  const flags = c.flags.map((f) => `\`${f}\``);
  const withArg = Object.entries(c.options)
    .filter(([, kind]) => kind === 'literal')
    .map(([o]) => `\`${o} …\``);
  const all = [...flags, ...withArg];
  return all.length ? all.join(' ') : '-';
}
