import { Option, type Command } from 'commander';
import type { Translate } from '../i18n/translate.js';
import { UsageError, type CliContext } from './context.js';
import { unknownCommandWords } from './usage.js';

/**
 * `isolab class start|join|leave|status|export|merge`: the workshop's commands, declared here and
 * loaded (with SQLite and the server) only when one of them runs.
 */
export function classCommand(program: Command, h: Translate, context: (cmd: Command) => CliContext, done: (code: number) => void): void {
  const arg = (key: string) => h(`help.arg.${key}`);
  const cls = program
    .command('class')
    .usage(`[${arg('options')}] [${arg('command')}]`)
    .description(h('help.class'))
    // `isolab class` alone shows what it offers; `isolab class strat` gets "did you mean start?".
    .allowExcessArguments(true)
    .action((_opts: unknown, cmd: Command) => {
      const stray = cmd.args[0];
      if (stray === undefined) {
        cmd.outputHelp();
        return done(0);
      }
      const names = cmd.commands.map((c) => c.name()).filter((n) => n !== 'help');
      throw new UsageError(...unknownCommandWords(stray, names, context(cmd).t));
    });
  const impl = () => import('./class.js');

  cls
    .command('start')
    .usage(`[${arg('options')}]`)
    .description(h('help.class.start'))
    .option(`--listen <${arg('address')}>`, h('help.class.listen'))
    .option(`--title <${arg('name')}>`, h('help.class.title'))
    .option('--share-output', h('help.class.shareOutput'))
    .addOption(new Option('--no-share-output').hideHelp())
    .option('--new', h('help.class.new'))
    .option(`--max-learners <${arg('number')}>`, h('help.class.maxLearners'))
    .action(async (opts: { listen?: string; title?: string; shareOutput?: boolean; new?: boolean; maxLearners?: string }, cmd: Command) => {
      done(await (await impl()).classStart(opts, context(cmd)));
    });

  cls
    .command('join')
    .usage(`[${arg('options')}] [${arg('url')}]`)
    .description(h('help.class.join'))
    .argument(`[${arg('url')}]`, h('help.class.join.url'))
    .option(`--name <${arg('name')}>`, h('help.class.name'))
    .option('--share-output', h('help.class.agreeOutput'))
    .action(async (url: string | undefined, opts: { name?: string; shareOutput?: boolean }, cmd: Command) => {
      done(await (await impl()).classJoin(url, opts, context(cmd)));
    });

  cls
    .command('leave')
    .description(h('help.class.leave'))
    .action(async (_opts: unknown, cmd: Command) => {
      done(await (await impl()).classLeave(context(cmd)));
    });

  cls
    .command('status')
    .description(h('help.class.status'))
    .action(async (_opts: unknown, cmd: Command) => {
      done(await (await impl()).classStatus(context(cmd)));
    });

  cls
    .command('export')
    .usage(`[${arg('options')}]`)
    .description(h('help.class.export'))
    .option(`--out <${arg('file')}>`, h('help.class.out'))
    .action(async (opts: { out?: string }, cmd: Command) => {
      done((await impl()).classExport(opts, context(cmd)));
    });

  cls
    .command('merge')
    .usage(`[${arg('options')}] [${arg('files')}...]`)
    .description(h('help.class.merge'))
    .argument(`[${arg('files')}...]`, h('help.class.merge.files'))
    .option(`--report <${arg('files')}...>`, h('help.class.report'))
    .requiredOption(`--out <${arg('file')}>`, h('help.class.mergeOut'))
    .option(`--title <${arg('name')}>`, h('help.class.title'))
    .action(async (files: string[], opts: { report?: string[]; out: string; title?: string }, cmd: Command) => {
      done((await impl()).classMerge(files, opts, context(cmd)));
    });
}
