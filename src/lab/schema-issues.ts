import type { z } from 'zod';
import { CHECK_KINDS } from './schema.js';
import type { Wording } from './errors.js';
import type { YamlSource } from './yaml-source.js';
import { msg, type Msg } from '../i18n/translate.js';
import { closest } from '../util/suggest.js';

/** Records a problem at a line: a Msg (worded in the reader's language) or plain English. */
export type Report = (line: number, message: Wording, hint?: Wording) => void;

/** Turns zod issues into file:line problems with hints an author can act on. */
export function reportIssues(issues: z.core.$ZodIssue[], src: YamlSource, report: Report, base: PropertyKey[], where: Msg): void {
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const at: string | Msg = path.length ? path.map(String).join('.') : where;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const isCheck = path.length >= 2 && path[path.length - 2] === 'checks';
        if (isCheck) {
          const guess = closest(key, [...CHECK_KINDS]);
          const kinds = CHECK_KINDS.join(', ');
          report(
            src.lineOf([...path, key]),
            msg('lab.unknownKind', { key }),
            guess ? msg('lab.knownKindsGuess', { guess, kinds }) : msg('lab.knownKinds', { kinds }),
          );
        } else {
          const guess = closest(key, KNOWN_KEYS);
          // A key known elsewhere ("from" belongs to translations and captures) is misplaced, not misspelled.
          if (guess === key) report(src.lineOf([...path, key]), msg('lab.keyNotAllowed', { key, at }), msg('lab.unknownKey.hint'));
          else
            report(
              src.lineOf([...path, key]),
              msg('lab.unknownKey', { key, at }),
              guess ? msg('lab.didYouMean', { guess }) : msg('lab.unknownKey.hint'),
            );
        }
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    report(src.lineOf(path), missing ? msg('lab.required', { at }) : msg('lab.invalid', { at, detail: detailOf(issue) }), hintFor(issue));
  }
}

/** zod words its issues in English: say the ones the format meets in the reader's language. */
function detailOf(issue: z.core.$ZodIssue): Msg | string {
  // A record's key of the wrong shape (a var named "Bad Name"): what the key's own schema says.
  if (issue.code === 'invalid_key' && issue.issues[0]) return detailOf(issue.issues[0]);
  // The schema's own wording first, whatever the issue's code (a refine is "custom", a regex "invalid_format").
  for (const [pattern, key] of CUSTOM) {
    const m = pattern.exec(issue.message);
    if (m) return msg(key, { ...m.groups, kinds: CHECK_KINDS.join(', ') });
  }
  switch (issue.code) {
    case 'invalid_type':
      return msg('lab.expectedType', {
        expected: typeWord(issue.expected),
        received: typeWord(/received (\w+)/.exec(issue.message)?.[1] ?? '?'),
      });
    case 'invalid_value':
      return msg('lab.expectedOneOf', { values: issue.values.map((v) => String(v)).join(', ') });
    case 'invalid_format':
      return 'pattern' in issue && issue.pattern ? msg('lab.mustMatch', { pattern: String(issue.pattern) }) : msg('lab.notValid');
    case 'invalid_union':
      return msg('lab.notValid');
    case 'too_small':
      return msg('lab.tooSmall', { minimum: String(issue.minimum) });
    case 'too_big':
      return msg('lab.tooBig', { maximum: String(issue.maximum) });
    default:
      return issue.message;
  }
}

/** What YAML gave or the format wanted, in the author's words ("a list", not zod's "array"). */
const TYPE_WORDS: Record<string, string> = {
  string: 'lab.type.string',
  number: 'lab.type.number',
  boolean: 'lab.type.boolean',
  array: 'lab.type.array',
  object: 'lab.type.object',
  null: 'lab.type.null',
  undefined: 'lab.type.null',
};
function typeWord(type: string): Msg | string {
  const key = TYPE_WORDS[type];
  return key ? msg(key) : type;
}

/** The schema's own refinements (src/lab/schema.ts), by their English wording; others stay English. */
const CUSTOM: [RegExp, string][] = [
  [/^"(?<value>.*)" is not a duration/, 'lab.notDuration'],
  [/^"(?<value>.*)" is out of range: durations go from/, 'lab.durationRange'],
  [/^"(?<value>\d+)" alone counts milliseconds/, 'lab.durationUnit'],
  [/^give exactly one of contains, notContains/, 'lab.oneMatcher'],
  [/^a capture needs a regex, a table, or both/, 'lab.captureSource'],
  [/^a check has exactly one kind/, 'lab.oneKind'],
  [/^a requirement names exactly one of/, 'lab.oneRequirement'],
  [/^a required file is an absolute path/, 'lab.fileAbsolute'],
  [/^a required command or runtime is a plain name/, 'lab.requiredName'],
  [/^a required image is an image reference/, 'lab.requiredImage'],
  [/^must be lowercase letters, digits and dashes/, 'lab.idShape'],
  [/^must be a name like pid or container_id/, 'lab.captureNameShape'],
  [/^regex flags may only be i, m, s, u/, 'lab.regexFlags'],
  [/^an edition is platform\/shell/, 'lab.editionShape'],
  [/^must be the source hash that isolab lint prints/, 'lab.sourceHash'],
];

/** Every key the format knows, for "did you mean" hints on typos. */
const KNOWN_KEYS = [
  'step',
  'platform',
  'timeout',
  'eventually',
  'holdsFor',
  'resources',
  'needs',
  'cleanup',
  'checks',
  'from',
  'verdicts',
  'id',
  'title',
  'summary',
  'recap',
  'lang',
  'platforms',
  'requires',
  'vars',
  'sources',
  'translationOf',
  'name',
  'type',
  'regex',
  'flags',
  'table',
  'column',
  'where',
  'header',
  'contains',
  'notContains',
  'matches',
  'notMatches',
  'equals',
  'ignoreCase',
  'window',
  'interval',
  'container',
  'command',
  'engine',
  'runtime',
  'isolation',
  'image',
  'file',
  'root',
  'url',
  'license',
  'author',
  'note',
  'translators',
  'value',
];

function hintFor(issue: z.core.$ZodIssue): Msg | undefined {
  const last = issue.path[issue.path.length - 1];
  if (issue.code === 'invalid_value' && last === 'platform') return msg('lab.platformsAre');
  if (issue.code === 'invalid_value' && last === 'type') return msg('lab.captureTypes');
  if (last === 'exit') return msg('lab.exitForms');
  return undefined;
}
