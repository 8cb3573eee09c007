import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { LabError, formatProblem } from '../lab/errors.js';
import { cliContext, EXIT, UsageError, type CliContext } from './context.js';
import type { RunOptions } from './run.js';

const VERSION = '0.1.0';

/** `--shell`: the program is called pwsh, the edition is PowerShell. */
function parseShell(value: string): 'sh' | 'powershell' {
  if (value === 'sh' || value === 'powershell') return value;
  if (value === 'pwsh') return 'powershell';
  throw new InvalidArgumentError('Allowed choices are sh, powershell, pwsh.');
}

/** Entry point of the `isolab` command. Returns the exit code; never throws for user errors. */
export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  let ctx: CliContext | undefined;
  const context = (lang?: string) => {
    ctx = cliContext(lang);
    if (ctx.locale.unsupported) ctx.err.write(`${ctx.cerr.yellow('note:')} ${ctx.t('locale.unsupported', { value: ctx.locale.unsupported })}\n`);
    return ctx;
  };
  const program = new Command('isolab')
    .description('Step through container isolation labs: real commands, real output, real verdicts.')
    .version(VERSION)
    .option('--lang <locale>', 'language: en, es, zh-CN, fr')
    .option('--read-only', 'show the labs without running anything')
    .addOption(new Option('--platform <platform>', 'read another platform\'s edition in the UI (read-only)').choices(['linux', 'windows', 'macos']))
    .addOption(new Option('--shell <shell>', 'open labs in this shell\'s edition: sh or powershell (pwsh)').choices(['sh', 'powershell', 'pwsh']).argParser(parseShell))
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) })
    .action(async (opts: { lang?: string; readOnly?: boolean; platform?: 'linux' | 'windows' | 'macos'; shell?: 'sh' | 'powershell' }) => {
      const c = context(opts.lang);
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        c.err.write(`${c.t('error.notATerminal')}\n  ${c.t('error.notATerminalHint')}\n`);
        code = EXIT.usage;
        return;
      }
      const { startTui } = await import('../ui/main.js');
      code = await startTui({ locale: c.locale.locale, readOnly: !!opts.readOnly, ...(opts.platform ? { platform: opts.platform } : {}), ...(opts.shell ? { shell: opts.shell } : {}) });
      // The learner has left and cleanup is done: a preflight still waiting on a hung `docker info`
      // must not hold the terminal for its 20 s timeout.
      setTimeout(() => process.exit(code), 200).unref();
    });

  const langOf = (cmd: Command) => (cmd.optsWithGlobals() as { lang?: string }).lang;

  program.command('list')
    .description('list the labs')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }, cmd: Command) => { code = (await import('./list.js')).listCommand(opts, context(langOf(cmd))); });

  program.command('run')
    .description('run a lab: unattended with --yes or when stdin is not a terminal')
    .argument('<lab>', 'lab id or path to a lab file')
    .addOption(new Option('--platform <platform>', 'the edition to read (running needs the matching host)').choices(['linux', 'windows', 'macos']))
    .addOption(new Option('--shell <shell>', 'the shell the commands are written for: sh or powershell (pwsh); default: the platform\'s own')
      .choices(['sh', 'powershell', 'pwsh']).argParser(parseShell))
    .option('-y, --yes', 'run every step without asking')
    .option('--report <file>', 'write a report: .json, .xml (JUnit) or .md')
    .option('--quiet', 'do not print command output')
    .action(async (ref: string, opts: RunOptions, cmd: Command) => {
      const { runCommandLine } = await import('./run.js');
      // --platform and --read-only also exist for the UI: commander may have given them to the program.
      const globals = cmd.optsWithGlobals() as { readOnly?: boolean; platform?: RunOptions['platform']; shell?: RunOptions['shell'] };
      const platform = opts.platform ?? globals.platform;
      const shell = opts.shell ?? globals.shell;
      code = await runCommandLine(ref, { ...opts, ...(platform ? { platform } : {}), ...(shell ? { shell } : {}), readOnly: !!globals.readOnly }, context(langOf(cmd)));
    });

  program.command('doctor')
    .description('check that this machine can run the labs (or one lab) and say how to fix what is missing')
    .argument('[lab]', 'lab id or path')
    .option('--json', 'machine-readable output')
    .action(async (ref: string | undefined, opts: { json?: boolean }, cmd: Command) => { code = await (await import('./doctor.js')).doctorCommand(ref, opts, context(langOf(cmd))); });

  program.command('lint')
    .description('check lab files and keep translations in step with their source')
    .argument('[paths...]', 'lab files or folders (default: the labs folder)')
    .action(async (paths: string[], _opts: unknown, cmd: Command) => { code = (await import('./lint.js')).lintCommand(paths, context(langOf(cmd))); });

  program.command('cleanup')
    .description('remove containers and processes left behind by interrupted runs')
    .action(async (_opts: unknown, cmd: Command) => { code = await (await import('./cleanup.js')).cleanupCommand(context(langOf(cmd))); });

  program.command('import')
    .description('make a lab skeleton from a docs page (Markdown)')
    .argument('<doc>', 'the docs page')
    .option('--out <file>', 'write the skeleton here instead of printing it')
    .addOption(new Option('--platform <platform>', 'platform of code blocks whose language does not say').choices(['linux', 'windows']))
    .action(async (doc: string, opts: { out?: string; platform?: 'linux' | 'windows' }, cmd: Command) => { code = (await import('./import.js')).importCommand(doc, opts, context(langOf(cmd))); });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    const c = ctx ?? cliContext(undefined);
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof LabError) {
      for (const p of e.problems) c.err.write(`${formatProblem(p)}\n`);
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      c.err.write(`${c.cerr.red(c.t('error.usage', { message: e.message }))}\n${e.hint ? `  ${e.hint}\n` : ''}`);
      return EXIT.usage;
    }
    // A file isolab needs (state dir, report, lab folder) it cannot read or write: say which, no trace.
    const code = (e as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code)) {
      c.err.write(`${c.cerr.red(c.t('error.usage', { message: (e as Error).message }))}\n  ${c.t('error.fileHint')}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
