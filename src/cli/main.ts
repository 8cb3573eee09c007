import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { LabError, UnknownLabError, formatProblem } from '../lab/errors.js';
import { cliContext, EXIT, UsageError, type CliContext } from './context.js';
import { createTranslator } from '../i18n/translate.js';
import { resolveLocale } from '../i18n/locale.js';
import { rememberedLanguage } from '../i18n/remembered-language.js';
import { loadCatalogFor } from '../i18n/catalogs/load.js';
import {
  commanderProblem,
  helpHeadings,
  langFlag,
  notATerminal,
  unknownCommand,
  unknownCommandWords,
  unknownLab,
  type HelpText,
} from './usage.js';
import type { RunOptions } from './run.js';
import { classCommand } from './class-command.js';
import { accessOf } from '../util/accessibility.js';

// From package.json, one folder above both src/cli/ and dist/cli/: one place to bump it.
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** `--shell`: the program is called pwsh, the edition is PowerShell. */
function parseShell(value: string): 'sh' | 'powershell' {
  if (value === 'sh' || value === 'powershell') return value;
  if (value === 'pwsh') return 'powershell';
  throw new InvalidArgumentError('Allowed choices are sh, powershell, pwsh.');
}

/** The options every command may be given (before or after its name). */
interface GlobalOptions {
  lang?: string;
  readOnly?: boolean;
  platform?: 'linux' | 'windows' | 'macos';
  shell?: 'sh' | 'powershell';
  screenReader?: boolean;
  reducedMotion?: boolean;
}

/** --help, -h or `help` asked for: help will be printed. */
function asksForHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h') || argv.includes('help');
}

async function helpText(): Promise<HelpText> {
  const { wrapLine, displayWidth } = await import('../ui/render/wrap.js');
  return { wrap: wrapLine, width: displayWidth };
}

/** Entry point of the `isolab` command. Returns the exit code; never throws for user errors. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  let ctx: CliContext | undefined;
  // --json: stdout is the JSON and stderr is for errors only; a note (the language isolab fell back
  // from) is neither, and a script reading both would take it for a failure.
  const context = (lang?: string, json = false) => {
    ctx = cliContext(lang);
    if (ctx.locale.unsupported && !json)
      ctx.err.write(`${ctx.cerr.yellow(ctx.t('cli.note'))} ${ctx.t('locale.unsupported', { value: ctx.locale.unsupported })}\n`);
    return ctx;
  };
  // --help is worded before commander parses anything: find the language the same way commands do.
  // Only the reader's language is loaded (English is built in); commands word everything in it.
  const locale = resolveLocale(langFlag(argv), process.env, undefined, rememberedLanguage).locale;
  await loadCatalogFor(locale);
  const h = createTranslator(locale);
  // Help is wrapped by display width (Chinese takes two columns a character): loaded only for help.
  const text = asksForHelp(argv) ? await helpText() : undefined;
  // What stands for a value in help (`--report <file>`, `run <lab>`) is worded in the reader's language.
  const arg = (key: string) => h(`help.arg.${key}`);
  const program = new Command('isolab')
    .configureHelp(helpHeadings(h, text))
    .usage(`[${arg('options')}] [${arg('command')}]`)
    .helpOption('-h, --help', h('help.help'))
    .helpCommand(`help [${arg('command')}]`, h('help.help'))
    .description(h('help.program'))
    .version(VERSION, '-V, --version', h('help.version'))
    .option(`--lang <${arg('locale')}>`, h('help.lang'))
    .option('--read-only', h('help.readOnly'))
    .addOption(new Option(`--platform <${arg('platform')}>`, h('help.uiPlatform')).choices(['linux', 'windows', 'macos']))
    .addOption(new Option(`--shell <${arg('shell')}>`, h('help.shell')).choices(['sh', 'powershell', 'pwsh']).argParser(parseShell))
    .option('--screen-reader', h('help.screenReader'))
    .option('--reduced-motion', h('help.reducedMotion'))
    .exitOverride()
    // Commander's own error lines are English: they are worded again below, in the reader's language.
    .configureOutput({ outputError: () => {} })
    .action(async (opts: GlobalOptions) => {
      const c = context(opts.lang);
      const why = notATerminal(!!process.stdin.isTTY, !!process.stdout.isTTY, c.t);
      if (why) {
        c.err.write(`${why}\n  ${c.t('error.notATerminalHint')}\n`);
        code = EXIT.usage;
        return;
      }
      const { startTui } = await import('../ui/main.js');
      code = await startTui({
        locale: c.locale.locale,
        readOnly: !!opts.readOnly,
        ...(opts.platform ? { platform: opts.platform } : {}),
        ...(opts.shell ? { shell: opts.shell } : {}),
        access: accessOf(opts),
      });
      // The learner has left and cleanup is done: a preflight still waiting on a hung `docker info`
      // must not hold the terminal for its 20 s timeout.
      setTimeout(() => process.exit(code), 200).unref();
    });

  const langOf = (cmd: Command) => (cmd.optsWithGlobals() as { lang?: string }).lang;

  program
    .command('list')
    .usage(`[${arg('options')}]`)
    .description(h('help.list'))
    .option('--json', h('help.json'))
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      code = await (await import('./list.js')).listCommand(opts, context(langOf(cmd), !!opts.json));
    });

  program
    .command('run')
    .usage(`[${arg('options')}] <${arg('lab')}>`)
    .description(h('help.run'))
    .argument(`<${arg('lab')}>`, h('help.run.lab'))
    .addOption(new Option(`--platform <${arg('platform')}>`, h('help.run.platform')).choices(['linux', 'windows', 'macos']))
    .addOption(new Option(`--shell <${arg('shell')}>`, h('help.run.shell')).choices(['sh', 'powershell', 'pwsh']).argParser(parseShell))
    .option('-y, --yes', h('help.run.yes'))
    .option(`--report <${arg('file')}>`, h('help.run.report'))
    .option('--quiet', h('help.run.quiet'))
    .action(async (ref: string, opts: RunOptions, cmd: Command) => {
      const { runCommandLine } = await import('./run.js');
      // --platform and --read-only also exist for the UI: commander may have given them to the program.
      const globals = cmd.optsWithGlobals() as GlobalOptions;
      const platform = opts.platform ?? globals.platform;
      const shell = opts.shell ?? globals.shell;
      code = await runCommandLine(
        ref,
        {
          ...opts,
          ...(platform ? { platform } : {}),
          ...(shell ? { shell } : {}),
          readOnly: !!globals.readOnly,
          access: accessOf(globals),
        },
        context(langOf(cmd)),
      );
    });

  program
    .command('doctor')
    .usage(`[${arg('options')}] [${arg('lab')}]`)
    .description(h('help.doctor'))
    .argument(`[${arg('lab')}]`, h('help.doctor.lab'))
    .option('--json', h('help.json'))
    .action(async (ref: string | undefined, opts: { json?: boolean }, cmd: Command) => {
      code = await (await import('./doctor.js')).doctorCommand(ref, opts, context(langOf(cmd), !!opts.json));
    });

  program
    .command('lint')
    .usage(`[${arg('paths')}...]`)
    .description(h('help.lint'))
    .argument(`[${arg('paths')}...]`, h('help.lint.paths'))
    .action(async (paths: string[], _opts: unknown, cmd: Command) => {
      code = (await import('./lint.js')).lintCommand(paths, context(langOf(cmd)));
    });

  program
    .command('cleanup')
    .usage(`[${arg('options')}]`)
    .description(h('help.cleanup'))
    .action(async (_opts: unknown, cmd: Command) => {
      code = await (await import('./cleanup.js')).cleanupCommand(context(langOf(cmd)));
    });

  program
    .command('import')
    .usage(`[${arg('options')}] <${arg('doc')}>`)
    .description(h('help.import'))
    .argument(`<${arg('doc')}>`, h('help.import.doc'))
    .option(`--out <${arg('file')}>`, h('help.import.out'))
    .addOption(new Option(`--platform <${arg('platform')}>`, h('help.import.platform')).choices(['linux', 'windows']))
    .action(async (doc: string, opts: { out?: string; platform?: 'linux' | 'windows' }, cmd: Command) => {
      code = (await import('./import.js')).importCommand(doc, opts, context(langOf(cmd)));
    });

  classCommand(
    program,
    h,
    (cmd) => context(langOf(cmd)),
    (c) => {
      code = c;
    },
  );

  const commandNames = () => program.commands.map((cmd) => cmd.name());
  // Read from the program itself, so an option added later is never mistaken for a command's name.
  const valueOptions = program.options.filter((o) => o.required || o.optional).flatMap((o) => (o.long ? [o.long] : []));
  try {
    // With a UI of its own, `isolab lnit` would be a stray argument to the UI: call it what it is.
    const stray = unknownCommand(argv, commandNames(), valueOptions);
    if (stray) throw new UsageError(...unknownCommandWords(stray, commandNames(), h));
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    const c = ctx ?? cliContext(langFlag(argv));
    // Whoever asked for --json reads stdout as JSON: the error goes there too (the text stays on stderr).
    const json = argv.includes('--json') ? (await import('./json.js')).jsonError : undefined;
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      const problem = commanderProblem(e, argv, commandNames(), valueOptions, c.t);
      c.err.write(`${c.cerr.red(c.t('error.usage', { message: problem.message }))}\n  ${problem.hint}\n`);
      if (json) c.out.write(json('usage', problem.message));
      return EXIT.usage;
    }
    if (e instanceof UnknownLabError) {
      const { message, hint } = unknownLab(e, c.t);
      c.err.write(`${c.cerr.red(c.t('error.usage', { message }))}\n  ${hint}\n`);
      if (json) c.out.write(json('usage', message));
      return EXIT.usage;
    }
    if (e instanceof LabError) {
      for (const p of e.problems) c.err.write(`${formatProblem(p, c.t)}\n`);
      if (json) c.out.write(json('lab', e.problems[0]?.message ?? e.message, e.problems));
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      c.err.write(`${c.cerr.red(c.t('error.usage', { message: e.message }))}\n${e.hint ? `  ${e.hint}\n` : ''}`);
      if (json) c.out.write(json('usage', e.message));
      return EXIT.usage;
    }
    // A file isolab needs (state dir, report, lab folder) it cannot read or write: say which, no trace.
    const code = (e as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code)) {
      c.err.write(`${c.cerr.red(c.t('error.usage', { message: (e as Error).message }))}\n  ${c.t('error.fileHint')}\n`);
      if (json) c.out.write(json('file', (e as Error).message));
      return EXIT.usage;
    }
    throw e;
  }
}
