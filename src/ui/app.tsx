import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createTranslator, hasCatalog, msg, type Msg, type Params } from '../i18n/translate.js';
import { defaultShell, editionName, type Platform, type Shell } from '../lab/model.js';
import { progressSummary, type LiveProbes } from '../session/progress.js';
import { reclaimAbandonedRuns, type Reclaimed } from '../session/reclaim.js';
import type { CleanupResult } from '../session/session.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpView } from './components/HelpView.js';
import { Home } from './components/Home.js';
import { LabScreen } from './components/LabScreen.js';
import { NoticeLine } from './components/NoticeLine.js';
import { ReadOnlyBanner } from './components/ReadOnlyBanner.js';
import { ResumePrompt } from './components/ResumePrompt.js';
import { TranscriptView } from './components/TranscriptView.js';
import { useMarkdown } from './hooks/use-markdown.js';
import { usePreflights } from './hooks/use-preflights.js';
import { useSessionState } from './hooks/use-session-state.js';
import { useReducerRef, useStateRef } from './hooks/use-state-ref.js';
import { useTranscript } from './hooks/use-transcript.js';
import { commandFor, CONTEXTS, type Command, type KeyContext } from './keys/bindings.js';
import { openLab, startFresh, startResumed, type LabSession, type OpenedLab } from './lab-session.js';
import { labText, listLabs, PreflightCache } from './labs.js';
import { languageName, nextLocale } from './languages.js';
import { LabLifecycle } from './lifecycle.js';
import { initialUiState, uiReducer, type Notice, type UiState } from './state/ui-state.js';
import { LookProvider, type Look } from './theme.js';

export interface AppProps {
  locale: string;
  readOnly: boolean;
  labsDir: string;
  /** The platform of this machine; undefined on an OS isolab cannot run labs on. */
  host: Platform | undefined;
  /** The shell asked for (isolab --shell); a lab without that edition opens in its own. */
  shell?: Shell;
  color: boolean;
  /** Hears how the UI ended (ink's exit carries the same value). */
  onExit?: (result: TuiResult) => void;
  /** Aborted when the process is told to stop (SIGTERM, SIGHUP): leave as with q. */
  stopSignal?: AbortSignal;
  /** Holds the session in use, so the caller can clean up however the UI ends. */
  lifecycle?: LabLifecycle;
  reclaim?: () => Promise<Reclaimed[]>;
  probes?: LiveProbes;
  preflights?: PreflightCache;
}

export interface TuiResult {
  code: number;
  /** What each lab's cleanup removed (or could not), in the order the labs were left. */
  cleanups: CleanupResult[];
  /** The learner left during cleanup: whatever remains is in the ledger for `isolab cleanup`. */
  forced: boolean;
  progressSaved: boolean;
  /** The language the learner ended in, for the words printed after the UI. */
  locale: string;
}

/** The lab on screen: opened, and (once the learner chose, when there was progress to resume) its session. */
interface ActiveLab {
  opened: OpenedLab;
  ls?: LabSession;
  resuming?: boolean;
}

function keyContext(ui: UiState, active: ActiveLab | undefined, closing: boolean): KeyContext {
  if (ui.quitting || closing) return 'quitting';
  if (ui.helpOpen) return 'help';
  if (ui.screen === 'home' || !active) return 'home';
  return active.ls ? 'lab' : 'resumePrompt';
}

/**
 * The root: owns the screens, the lab in use and the one place the UI ends. Key handlers read the
 * latest state through refs (see use-state-ref), so a burst of keys acts in order.
 */
export function App(props: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const [locale, setLocale, localeNow] = useStateRef(props.locale);
  const t = useMemo(() => createTranslator(locale), [locale]);
  const look: Look = useMemo(() => ({ locale, t, color: props.color, columns, rows }), [locale, t, props.color, columns, rows]);
  const [ui, dispatch, uiNow] = useReducerRef(uiReducer, initialUiState);
  const [active, setActive, activeNow] = useStateRef<ActiveLab | undefined>(undefined);
  const [opening, setOpening, openingNow] = useStateRef<string | undefined>(undefined);
  const [closing, setClosing, closingNow] = useStateRef(false);
  const [result, setResult] = useState<TuiResult>();
  const [homeVersion, setHomeVersion] = useState(0);
  const [life] = useState(() => props.lifecycle ?? new LabLifecycle());
  const preflights = useMemo(() => props.preflights ?? new PreflightCache(), [props.preflights]);
  const entries = useMemo(() => listLabs(props.labsDir, locale, props.host), [props.labsDir, locale, props.host, homeVersion]);
  const reports = usePreflights(entries, preflights);
  useMarkdown(); // renders again once prose can be rendered as Markdown
  const prose = useRef({ max: 0, page: 1 });

  const session = active?.ls?.session;
  const state = useSessionState(session);
  const text = useMemo(() => (active ? labText(active.opened.lab, active.opened.file, locale) : undefined), [active?.opened, locale]);
  const transcript = useTranscript(session, text, t);
  const stepId = session?.steps()[ui.stepIndex]?.id;
  const preview = session && stepId ? session.preview(stepId) : undefined;
  // Enter may run only what the screen showed: remember the command as it was last rendered.
  const shown = useRef<{ stepId?: string | undefined; code?: string | undefined }>({});
  shown.current = { stepId, code: preview?.ok ? preview.code : undefined };

  const notify = useCallback((tone: Notice['tone'], ...lines: Msg[]) => dispatch({ type: 'notify', notice: { tone, lines } }), [dispatch]);
  const say = (tone: Notice['tone'], key: string, params?: Params) => notify(tone, msg(key, params));

  useEffect(() => {
    life.reclaimed = (props.reclaim ?? reclaimAbandonedRuns)().then((runs) => {
      const lines = runs.filter((r) => r.removed.length).map((r) => msg('run.reclaimed', { run: r.runId, what: r.removed.map((m) => t(m.key, m.params)).join(', ') }));
      if (lines.length) notify('info', ...lines);
    }, () => undefined);
  }, []);

  useEffect(() => {
    if (!result) return;
    props.onExit?.(result);
    exit(result);
  }, [result]);

  /** A session comes into use: the lifecycle holds it, so it is cleaned up however the UI ends. */
  const use = (opened: OpenedLab, ls: LabSession) => {
    life.attach(ls.session, opened.mode.kind === 'run', ls.stopSaving);
    setActive({ opened, ls });
  };

  const finish = (code: number, forced: boolean) =>
    setResult({ code, cleanups: life.cleanups, forced, progressSaved: life.progressSaved, locale: localeNow.current });

  const quit = async () => {
    if (uiNow.current.quitting) return;
    dispatch({ type: 'quit' });
    await life.shutdown();
    finish(life.cleanups.some((c) => c.problems.length) ? 1 : 0, false);
  };

  useEffect(() => {
    const signal = props.stopSignal;
    if (!signal) return;
    const onStop = () => void quit();
    if (signal.aborted) onStop();
    signal.addEventListener('abort', onStop, { once: true });
    return () => signal.removeEventListener('abort', onStop);
  }, [props.stopSignal]);

  const leaveLab = async () => {
    setClosing(true);
    const r = await life.close();
    setActive(undefined);
    setClosing(false);
    setHomeVersion((v) => v + 1);
    dispatch({ type: 'backHome' });
    if (r?.removed.length) say('ok', 'ui.notice.removed', { what: r.removed.map((m) => t(m.key, m.params)).join(', ') });
    if (r?.problems.length) notify('warn', ...r.problems);
  };

  const open = async () => {
    const entry = entries[uiNow.current.labIndex];
    if (!entry || openingNow.current || activeNow.current) return;
    if (!entry.lab) return say('warn', 'ui.notice.invalidLab', { problem: entry.problem ?? '?' });
    setOpening(entry.file);
    try {
      const opened = await openLab(entry.file, entry.lab, { readOnly: props.readOnly, host: props.host, ...(props.shell ? { shell: props.shell } : {}), preflights });
      if (opened.saved) setActive({ opened });
      else use(opened, startFresh(opened));
      dispatch({ type: 'openedLab' });
    } catch (e) {
      say('warn', 'ui.notice.openFailed', { error: (e as Error).message });
    } finally {
      setOpening(undefined);
    }
  };

  const resume = async (fresh: boolean) => {
    const current = activeNow.current;
    if (!current || current.ls || current.resuming) return;
    const { opened } = current;
    if (fresh || !opened.saved) return use(opened, startFresh(opened));
    setActive({ opened, resuming: true });
    await life.reclaimed.catch(() => undefined);
    const ls = await startResumed({ ...opened, saved: opened.saved }, props.probes);
    if (uiNow.current.quitting) return ls.stopSaving(); // left while re-checking: nothing of it ran
    use(opened, ls);
    const learner = ls.session.steps();
    const first = learner.findIndex((s) => ls.session.state.steps[s.id]?.status === 'pending');
    dispatch({ type: 'openedLab', stepIndex: first < 0 ? 0 : first });
    const redo = ls.resumed?.redo ?? [];
    const kept = ls.resumed?.kept.length ?? 0;
    if (!redo.length) return notify('ok', msg('ui.resume.allKept', { count: kept }));
    const words = labText(opened.lab, opened.file, localeNow.current);
    notify('warn', msg('ui.resume.redo', { count: redo.length }), ...redo.map((r) => msg('ui.resume.redoStep', {
      n: learner.findIndex((s) => s.id === r.stepId) + 1, title: words.steps[r.stepId]?.title ?? r.stepId, reason: r.reason,
    })), ...(kept ? [msg('ui.resume.kept', { count: kept })] : []));
  };

  /** The selected step of the lab in use, as of the last key. */
  const selected = () => {
    const a = activeNow.current;
    const s = a?.ls?.session;
    const id = s?.steps()[uiNow.current.stepIndex]?.id;
    return s && id && a ? { session: s, id, readOnly: a.opened.mode.kind === 'read' } : undefined;
  };

  const run = (again: boolean) => {
    const sel = selected();
    if (!sel) return;
    const { session: s, id } = sel;
    if (sel.readOnly) return say('info', 'ui.notice.readOnly');
    if (s.busy) return say('warn', 'ui.notice.busy');
    if (!again && s.state.steps[id]?.status !== 'pending') {
      // Enter on a step that has run moves on (it never re-runs: that is r). At the end, a summary.
      const steps = s.steps();
      if (uiNow.current.stepIndex < steps.length - 1) return dispatch({ type: 'moveStep', delta: 1, count: steps.length });
      const passed = steps.filter((x) => s.state.steps[x.id]?.status === 'passed').length;
      return say('ok', 'ui.notice.labDone', { passed, total: steps.length });
    }
    const now = s.preview(id);
    if (shown.current.stepId !== id || shown.current.code !== (now?.ok ? now.code : undefined)) return say('warn', 'ui.notice.commandChanged');
    if (now && !now.ok) return notify('warn', now.reason);
    s.runStep(id).then(
      () => dispatch({ type: 'stepEnded' }),
      (e: Error) => { dispatch({ type: 'stepEnded' }); say('warn', 'ui.notice.runFailed', { error: e.message }); },
    );
  };

  const skip = () => {
    const sel = selected();
    if (!sel) return;
    if (sel.readOnly) return say('info', 'ui.notice.readOnly');
    if (sel.session.busy) return say('warn', 'ui.notice.busy');
    if (sel.session.state.steps[sel.id]?.status === 'passed') return say('info', 'ui.notice.alreadyPassed');
    sel.session.skipStep(sel.id);
    dispatch({ type: 'moveStep', delta: 1, count: sel.session.steps().length });
  };

  const interrupt = () => {
    if (uiNow.current.quitting || closingNow.current) return finish(130, true);
    const s = activeNow.current?.ls?.session;
    if (s?.busy && !uiNow.current.cancelRequested) {
      s.cancel();
      dispatch({ type: 'cancelRequested' });
      return say('warn', 'ui.notice.cancelling');
    }
    void quit();
  };

  const onCommand = (command: Command, context: KeyContext) => {
    switch (command) {
      case 'interrupt': return interrupt();
      case 'quit': return void quit();
      case 'help': return dispatch({ type: 'toggleHelp' });
      case 'back': return context === 'help' ? dispatch({ type: 'closeHelp' }) : void leaveLab();
      case 'language': {
        const next = nextLocale(localeNow.current);
        setLocale(next);
        return notify('info', msg('ui.language.switched', { language: languageName(next) }),
          ...(hasCatalog(next) ? [] : [msg('ui.language.noCatalog', { language: languageName(next) })]));
      }
      case 'up':
      case 'down': {
        const delta = command === 'up' ? -1 : 1;
        if (context === 'home') return dispatch({ type: 'moveLab', delta, count: entries.length });
        return dispatch({ type: 'moveStep', delta, count: activeNow.current?.ls?.session.steps().length ?? 0 });
      }
      case 'open': return void open();
      case 'resume': return void resume(false);
      case 'fresh': return void resume(true);
      case 'run': return run(false);
      case 'rerun': return run(true);
      case 'skip': return skip();
      case 'hint': {
        const sel = selected();
        const hints = sel && text ? text.steps[sel.id]?.hints.length ?? 0 : 0;
        return hints ? dispatch({ type: 'toggleHint', available: hints }) : say('info', 'ui.notice.noHint');
      }
      case 'scrollDown':
      case 'scrollUp': {
        const { max, page } = prose.current;
        return dispatch({ type: 'scrollProse', delta: command === 'scrollDown' ? page : -page, max });
      }
    }
  };

  useInput((input, key) => {
    const context = keyContext(uiNow.current, activeNow.current, closingNow.current);
    const command = commandFor(context, input, key);
    if (!command) return;
    if (command !== 'interrupt') dispatch({ type: 'dismissNotice' });
    onCommand(command, context);
  });

  const onProseMeasure = useCallback((max: number, page: number) => { prose.current = { max, page }; }, []);

  if (result) return <LookProvider look={look}><TranscriptView entries={transcript} /></LookProvider>;

  const context = keyContext(ui, active, closing);
  const readOnly = active?.opened.mode.kind === 'read';
  let body: React.ReactNode = null;
  let footer: readonly Command[] = CONTEXTS[context].filter((c) => c !== 'interrupt');
  if (context === 'quitting') {
    body = <Text>{t('ui.quit.cleaning')}</Text>;
  } else if (context === 'help') {
    body = <HelpView context={ui.screen === 'home' || !active ? 'home' : 'lab'} readOnly={readOnly} />;
  } else if (context === 'home') {
    body = <Home entries={entries} reports={reports} selected={ui.labIndex} opening={opening} labsDir={props.labsDir} />;
  } else if (context === 'resumePrompt' && active?.opened.saved) {
    const { passed, total } = progressSummary(active.opened.lab, active.opened, active.opened.saved);
    body = <ResumePrompt saved={active.opened.saved} passed={passed} total={total} checking={!!active.resuming} />;
  } else if (context === 'lab' && session && state && text) {
    body = <LabScreen session={session} state={state} text={text} ui={ui} readOnly={readOnly} preview={preview} onProseMeasure={onProseMeasure} />;
    // The footer names the keys a learner needs next; ? lists them all.
    footer = footer.filter((c) => !['rerun', 'scrollUp', 'scrollDown', 'back', ...(readOnly || session.busy ? ['run', 'skip'] : [])].includes(c));
  }
  const right = `${languageName(locale)}${hasCatalog(locale) ? '' : ' [en]'}${active ? ` · ${active.opened.shell === defaultShell(active.opened.platform) ? active.opened.platform : editionName(active.opened)}` : ''}`;

  return (
    <LookProvider look={look}>
      <TranscriptView entries={transcript} />
      <Box flexDirection="column" maxHeight={Math.max(8, rows - 1)}>
        <Header title={active && text ? `isolab · ${text.title}` : `isolab · ${t('ui.home.title')}`} right={right} />
        <ReadOnlyBanner opened={active?.opened} flag={props.readOnly} />
        <Box flexDirection="column" flexShrink={1} overflow="hidden">{body}</Box>
        <NoticeLine notice={ui.notice} />
        <Footer commands={context === 'quitting' ? [] : footer} />
      </Box>
    </LookProvider>
  );
}
