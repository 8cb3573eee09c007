import * as z from 'zod';
import { parseDuration } from '../util/duration.js';
import { CAPTURE_TYPES, fitsType } from '../value/types.js';
import { LAB_ID } from '../util/state-ids.js';

/**
 * The shapes authors write in YAML (front matter and step annotations).
 * Semantics that need the whole lab (ids, captures, platforms) live in validate.ts.
 */

// Lab and step ids name files (progress, locks): one shape, checked again when read back from disk.
const ident = z.string().regex(LAB_ID, 'must be lowercase letters, digits and dashes (e.g. start-container)');
/** The flags a check's regex may carry (a capture's default is m). */
const regexFlags = z.string().regex(/^[imsu]*$/, 'regex flags may only be i, m, s, u');
const captureName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a name like pid or container_id (letters, digits, _)');

export const platformName = z.enum(['linux', 'windows', 'macos']);
const platformList = z.union([platformName, z.array(platformName).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * Durations have a stated range: nothing re-runs a command back to back (interval >= 100 ms), and
 * nothing waits past what Node's timers can hold (2^31 ms, ~24.8 days; a day is plenty for a step).
 */
export const DURATION_RANGE = { minMs: 100, maxMs: 24 * 3_600_000 } as const;
// `pwsh` is what the program is called; the edition is PowerShell either way.
export const shellName = z.enum(['sh', 'powershell', 'pwsh']).transform((s) => (s === 'pwsh' ? 'powershell' : s));
const shellList = z.union([shellName, z.array(shellName).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

/** `linux/powershell`: a platform and a shell (see model.ts, PLATFORM_SHELLS). */
const editionName = z
  .string()
  .regex(
    /^(linux|windows|macos)\/(sh|powershell|pwsh)$/,
    'an edition is platform/shell, e.g. linux/sh, linux/powershell or windows/powershell',
  )
  .transform((v) => {
    const [platform, shell] = v.split('/') as ['linux' | 'windows' | 'macos', string];
    return { platform, shell: shell === 'sh' ? ('sh' as const) : ('powershell' as const) };
  });

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration (write 500ms, 30s or 2m)` });
    return z.NEVER;
  }
  if (ms < DURATION_RANGE.minMs || ms > DURATION_RANGE.maxMs) {
    // `timeout: 5` meant seconds, most likely: a number alone counts milliseconds, so say which unit to write.
    if (/^\d+$/.test(String(v)) && ms >= 1 && ms < DURATION_RANGE.minMs)
      ctx.addIssue({ code: 'custom', message: `"${v}" alone counts milliseconds, out of range (100ms to 24h): write ${v}s for seconds` });
    else ctx.addIssue({ code: 'custom', message: `"${v}" is out of range: durations go from 100ms to 24h` });
    return z.NEVER;
  }
  return ms;
});

const stream = z.enum(['stdout', 'stderr']);

const textMatcher = z
  .strictObject({
    contains: z.string().optional(),
    notContains: z.string().optional(),
    matches: z.string().optional(),
    notMatches: z.string().optional(),
    flags: regexFlags.optional(),
  })
  .refine((m) => [m.contains, m.notContains, m.matches, m.notMatches].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of contains, notContains, matches, notMatches',
  });

const cellMatcher = z.union([
  z.string(),
  z.number().transform(String),
  z.strictObject({ equals: z.union([z.string(), z.number().transform(String)]), ignoreCase: z.boolean().default(false) }),
  z.strictObject({
    matches: z.string(),
    flags: regexFlags.default(''),
  }),
]);

const tableSelector = z.strictObject({
  from: stream.default('stdout'),
  header: z.string().optional(),
  where: z.record(z.string(), cellMatcher).default({}),
});

const captureSchema = z
  .strictObject({
    name: captureName,
    type: z.enum(CAPTURE_TYPES),
    from: stream.default('stdout'),
    regex: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    flags: regexFlags.default('m'),
    table: tableSelector.extend({ column: z.string() }).optional(),
  })
  .refine((c) => c.regex !== undefined || c.table !== undefined, {
    message: 'a capture needs a regex, a table, or both',
  });

const exitSchema = z.union([
  z.literal('zero'),
  z.literal('nonzero'),
  z.number().int().min(0).max(255),
  // Any of a list: `ps -C ping` exits 1 when it finds none, which is an answer, not a failure.
  z.array(z.number().int().min(0).max(255)).min(1),
]);

export const CHECK_KINDS = ['exit', 'stdout', 'stderr', 'capture', 'row', 'noRow'] as const;

export const checkSchema = z
  .strictObject({
    id: ident.optional(),
    platform: platformList.optional(),
    shell: shellList.optional(),
    pass: z.string().optional(),
    fail: z.string().optional(),
    exit: exitSchema.optional(),
    stdout: textMatcher.optional(),
    stderr: textMatcher.optional(),
    capture: captureSchema.optional(),
    row: tableSelector.optional(),
    noRow: tableSelector.optional(),
  })
  .refine((c) => CHECK_KINDS.filter((k) => c[k] !== undefined).length === 1, {
    message: `a check has exactly one kind: ${CHECK_KINDS.join(', ')}`,
  });

export type CheckInput = z.infer<typeof checkSchema>;

const resourceSchema = z.strictObject({ container: z.string().min(1), platform: platformList.optional() });

export const REQUIREMENT_KINDS = ['command', 'engine', 'runtime', 'isolation', 'image', 'file', 'root'] as const;

// What isolab itself puts on a command line (a PATH lookup, `docker image inspect NAME`, the runtimes
// `docker info` lists): a plain name, which can never be read as an option.
const requiredName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]{0,254}$/, 'a required command or runtime is a plain name');
// An image reference as a captured `image` value must look (value/types.ts), or one var holding one.
const requiredImage = z
  .string()
  .refine((v) => /^\{\{[A-Za-z_][A-Za-z0-9_]*\}\}$/.test(v) || fitsType(v, 'image'), 'a required image is an image reference');

const requirementSchema = z
  .strictObject({
    platform: platformList.optional(),
    command: requiredName.optional(),
    engine: z.literal('docker').optional(),
    runtime: requiredName.optional(),
    isolation: z.enum(['process', 'hyperv']).optional(),
    image: requiredImage.optional(),
    // Absolute, or starting with a var that holds an absolute path: a relative path would depend on
    // the folder isolab happens to be started from.
    file: z
      .string()
      .regex(/^(\/|[A-Za-z]:[\\/]|\{\{)/, 'a required file is an absolute path')
      .optional(),
    root: z.literal(true).optional(),
  })
  .refine((r) => REQUIREMENT_KINDS.filter((k) => (r as Record<string, unknown>)[k] !== undefined).length === 1, {
    message: `a requirement names exactly one of ${REQUIREMENT_KINDS.join(', ')}`,
  });

export type RequirementInput = z.infer<typeof requirementSchema>;

export const stepAnnotationSchema = z.strictObject({
  step: ident,
  platform: platformList.optional(),
  shell: shellList.optional(),
  timeout: duration.optional(),
  eventually: z.strictObject({ timeout: duration, interval: duration.default(1000) }).optional(),
  holdsFor: z.strictObject({ window: duration, interval: duration.default(1000) }).optional(),
  resources: z.array(resourceSchema).default([]),
  /** Earlier steps this one depends on beyond the resources its command names. */
  needs: z.array(ident).default([]),
  /** What this step needs beyond the lab's own requirements: on a machine without it, the step is shown, not run. */
  requires: z.array(requirementSchema).default([]),
  cleanup: z.boolean().default(false),
  checks: z.array(z.unknown()).default([]),
});

/** The source version a translation was made from (`from:`): the hash `isolab lint` prints. */
// YAML reads an all-digit hash as a number: take it back as the 12-digit string it was.
const stampSchema = z
  .union([
    z.string(),
    z
      .number()
      .int()
      .nonnegative()
      .transform((n) => String(n).padStart(12, '0')),
  ])
  .pipe(z.string().regex(/^[0-9a-f]{8,64}$/, 'must be the source hash that isolab lint prints (quote it: from: "…")'));

export const translationAnnotationSchema = z.strictObject({
  step: ident,
  /** The source step's prose hash this translation was made from. */
  from: stampSchema.optional(),
  verdicts: z.record(z.string(), z.strictObject({ pass: z.string().optional(), fail: z.string().optional() })).default({}),
});

const sourceSchema = z.strictObject({
  title: z.string(),
  url: z.string().optional(),
  license: z.string().optional(),
  author: z.string().optional(),
  note: z.string().optional(),
});

export const frontMatterSchema = z.strictObject({
  id: ident,
  title: z.string().min(1),
  summary: z.string().optional(),
  /** Markdown shown on the end screen: what the lab proved, with this run's values as placeholders. */
  recap: z.string().optional(),
  lang: z.string().default('en'),
  platforms: z.array(platformName).min(1),
  editions: z.array(editionName).min(1).optional(),
  requires: z.array(requirementSchema).default([]),
  vars: z
    .record(
      captureName,
      z.union([
        z.string(),
        z.number().transform(String),
        z.strictObject({ value: z.union([z.string(), z.number().transform(String)]), type: z.enum(CAPTURE_TYPES) }),
      ]),
    )
    .default({}),
  sources: z.array(sourceSchema).default([]),
});

export const translationFrontMatterSchema = z.strictObject({
  id: ident,
  lang: z.string().min(2),
  translationOf: ident,
  title: z.string().min(1),
  summary: z.string().optional(),
  recap: z.string().optional(),
  translators: z.array(z.string()).optional(),
  /** The source's title, summary, recap and introduction this translation was made from. */
  from: stampSchema.optional(),
  sources: z.array(sourceSchema).default([]),
});
