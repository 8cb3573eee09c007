import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createTranslator, hasCatalog, msg, type Msg } from '../i18n/translate.js';
import { shellsOn, type Platform, type Shell } from '../lab/model.js';
import { progressSummary, type LiveProbes } from '../session/progress.js';
import { abandonedRuns } from '../session/reclaim.js';
import type { CleanupResult } from '../session/session.js';
import { Footer, footerText } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpView } from './components/HelpView.js';
import { Home } from './components/Home.js';
import { LabScreen } from './components/LabScreen.js';
import { NoticeLine } from './components/NoticeLine.js';
import { ReadOnlyBanner } from './components/ReadOnlyBanner.js';
import { EndScreen } from './components/EndScreen.js';
import { LeavingPrompt } from './components/LeavingPrompt.js';
import { OutputViewer } from './components/OutputViewer.js';
import { ResumePrompt } from './components/ResumePrompt.js';
import { TranscriptView } from './components/TranscriptView.js';
import {
  contextOf,
  footerOf,
  initialControllerState,
  step as controllerStep,
  type ControllerEvent,
  type ControllerState,
  type Effect,
  type Facts,
} from './controller.js';
import { useMarkdown } from './hooks/use-markdown.js';
import { usePreflights } from './hooks/use-preflights.js';
import { useSessionState } from './hooks/use-session-state.js';
import { useStateRef } from './hooks/use-state-ref.js';
import { useTranscript } from './hooks/use-transcript.js';
import { commandFor, keyPresses } from './keys/bindings.js';
import { wrapLine } from './render/wrap.js';
import { LabLocked, openLab, startFresh, startResumed, type LabSession, type OpenedLab } from './lab-session.js';
import { editionLabel } from './editions.js';
import { homeSuggestion } from './home-suggestion.js';
import { labText, listLabs, PreflightCache } from './labs.js';
import { languageName, nextLocale } from './languages.js';
import { LabLifecycle, type PausedLab } from './lifecycle.js';
import { displayStatus } from './render/status.js';
import type { Notice } from './state/ui-state.js';
import { LookProvider, type Look } from './theme.js';
import { attachClass, currentSharing, sharingText } from '../class/link.js';

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
  /** Aborted when the process is told to stop (SIGTERM, SIGHUP): leave as with q, keeping everything. */
  stopSignal?: AbortSignal;
  /** Holds the session in use, so the caller can pause it however the UI ends. */
  lifecycle?: LabLifecycle;
  probes?: LiveProbes;
  preflights?: PreflightCache;
  /** How many runs that ended without a goodbye (a crash, kill -9) left something behind. */
  leftovers?: () => number;
}

export interface TuiResult {
  code: number;
  /** What each removal the learner agreed to removed (or could not), in order. */
  cleanups: CleanupResult[];
  /** Labs left running (paused): what each keeps, for the words after the UI. */
  paused: PausedLab[];
  /** The learner left while something was being stopped or removed: the ledger keeps the rest for `isolab cleanup`. */
  forced: boolean;
  progressSaved: boolean;
  /** The language the learner ended in, for the words printed after the UI. */
  locale: string;
}

/** Below this size a lab cannot show a step's command and verdicts: a notice says so instead of a broken layout. */
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 16;

/** The lab on screen: opened, and (once the learner chose, when there was progress to resume) its session. */
interface ActiveLab {
  opened: OpenedLab;
  ls?: LabSession;
}

/**
 * The root: renders the controller's state and performs its effects (see controller.ts, where the
 * rules live). Key handlers read the latest state through refs (see use-state-ref), so a burst of keys
 * acts in order.
 */
export function App(props: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const [locale, setLocale, localeNow] = useStateRef(props.locale);
  const t = useMemo(() => createTranslator(locale), [locale]);
  const look: Look = useMemo(() => ({ locale, t, color: props.color, columns, rows }), [locale, t, props.color, columns, rows]);
  const [cs, setCs, csNow] = useStateRef<ControllerState>(initialControllerState);
  // The learner's shell, chosen like the language (isolab --shell, then e in a lab): labs that have it open in it.
  const [shell, setShell, shellNow] = useStateRef<Shell | undefined>(props.shell);
  const [active, setActive, activeNow] = useStateRef<ActiveLab | undefined>(undefined);
  const [result, setResult] = useState<TuiResult>();
  const [homeVersion, setHomeVersion] = useState(0);
  const [life] = useState(() => props.lifecycle ?? new LabLifecycle());
  const [sharing] = useState(currentSharing);
  const preflights = useMemo(() => props.preflights ?? new PreflightCache(), [props.preflights]);
  const entries = useMemo(
    () => listLabs(props.labsDir, locale, props.host, shell),
    [props.labsDir, locale, props.host, shell, homeVersion],
  );
  const entriesNow = useRef(entries);
  entriesNow.current = entries;
  const reports = usePreflights(entries, preflights);
  const suggestion = useMemo(() => homeSuggestion(entries, reports), [entries, reports]);
  useMarkdown(); // renders again once prose can be rendered as Markdown
  const measured = useRef<Pick<Facts, 'prose' | 'results' | 'viewer'>>({
    prose: { max: 0, page: 1 },
    results: { max: 0, page: 1 },
    viewer: { maxTop: 0, maxLeft: 0, page: 1 },
  });

  const session = active?.ls?.session;
  const state = useSessionState(session);
  const text = useMemo(() => (active ? labText(active.opened.lab, active.opened.file, locale) : undefined), [active?.opened, locale]);
  const textNow = useRef(text);
  textNow.current = text;
  const transcript = useTranscript(session, text, t);
  const stepId = session?.steps()[cs.stepIndex]?.id;
  const preview = session && stepId ? session.preview(stepId) : undefined;
  // Enter may run only what the screen showed: remember the command as it was last rendered.
  const shown = useRef<{ stepId?: string | undefined; code?: string | undefined }>({});
  shown.current = { stepId, code: preview?.ok ? preview.code : undefined };

  // Whether the lab keeps something is asked once per session state (it reads the process table).
  const keepsMemo = useRef<{ state?: unknown; keeps: boolean }>({ keeps: false });
  const keepsNow = (s: NonNullable<typeof session>) => {
    if (keepsMemo.current.state !== s.state && !s.busy) keepsMemo.current = { state: s.state, keeps: s.hasSomethingToRemove() };
    return keepsMemo.current.keeps;
  };

  /** What the controller needs to know, read at the moment of the event. */
  const facts = (): Facts => {
    const a = activeNow.current;
    const s = a?.ls?.session;
    const readOnly = a?.opened.mode.kind === 'read';
    const steps = s
      ? s.steps().map((st) => ({
          id: st.id,
          status: displayStatus(s.state.steps[st.id]),
          hints: (textNow.current?.steps[st.id]?.hints ?? st.hints).length,
        }))
      : [];
    const sel = steps[csNow.current.stepIndex];
    const p = s && sel ? s.preview(sel.id) : undefined;
    const out = sel ? s?.state.steps[sel.id]?.output : undefined;
    return {
      labCount: entriesNow.current.length,
      ...(a
        ? {
            lab: {
              readOnly,
              busy: s?.busy ?? false,
              started: !!a.ls,
              steps,
              ...(p ? { preview: p.ok ? { ok: true as const } : { ok: false as const, reason: p.reason } } : {}),
              shownMatches: shown.current.stepId === sel?.id && shown.current.code === (p?.ok ? p.code : undefined),
              keeps: !readOnly && !!s && keepsNow(s),
              hasOutput: !!out && (out.lines.length > 0 || out.partial !== ''),
              shell: a.opened.shell,
              shells: shellsOn(a.opened.lab, a.opened.platform),
            },
          }
        : {}),
      ...measured.current,
    };
  };

  const send = (event: ControllerEvent) => {
    const { state: next, effects } = controllerStep(csNow.current, facts(), event);
    setCs(next);
    for (const e of effects) perform(e);
  };

  // What crashed runs left is never removed unasked: the learner is told how to remove it.
  useEffect(() => {
    const count = (props.leftovers ?? abandonedRuns)();
    if (count) send({ type: 'notify', notice: notice('info', msg('ui.notice.leftovers', { count })) });
  }, []);

  // No engine answers: the cursor goes to the first lab that runs here, unless the learner moved it.
  const suggested = suggestion?.ready[0];
  useEffect(() => {
    if (suggested !== undefined) send({ type: 'suggest', labIndex: suggested });
  }, [suggested]);

  useEffect(() => {
    if (!result) return;
    props.onExit?.(result);
    exit(result);
  }, [result]);

  useEffect(() => {
    const signal = props.stopSignal;
    if (!signal) return;
    const onStop = () => send({ type: 'stop' });
    if (signal.aborted) onStop();
    signal.addEventListener('abort', onStop, { once: true });
    return () => signal.removeEventListener('abort', onStop);
  }, [props.stopSignal]);

  const notice = (tone: Notice['tone'], ...lines: Msg[]): Notice => ({ tone, lines });
  const words = (list: readonly Msg[]) => list.map((m) => t(m.key, m.params)).join(', ');

  /** A session comes into use: the lifecycle holds it, so it is paused however the UI ends. */
  const use = (opened: OpenedLab, ls: LabSession) => {
    // The class this machine joined (isolab class join) hears the run until it is left or removed.
    const link = opened.mode.kind === 'run' ? attachClass(ls.session, { lang: localeNow.current }) : undefined;
    const stopSaving = () => {
      ls.stopSaving();
      void link?.close();
    };
    life.attach(ls.session, opened.mode.kind === 'run', stopSaving, opened.release);
    setActive({ opened, ls });
  };

  const open = async (labIndex: number, chosen?: Shell) => {
    if (chosen) setShell(chosen);
    const entry = entriesNow.current[labIndex];
    if (!entry) return send({ type: 'openFailed', notice: notice('warn', msg('ui.notice.openFailed', { error: '?' })) });
    if (!entry.lab)
      return send({ type: 'openFailed', notice: notice('warn', msg('ui.notice.invalidLab', { problem: entry.problem ?? '?' })) });
    try {
      const want = chosen ?? shellNow.current;
      const opened = await openLab(entry.file, entry.lab, {
        readOnly: props.readOnly,
        host: props.host,
        ...(want ? { shell: want } : {}),
        preflights,
      });
      if (csNow.current.exited) return opened.release();
      setActive({ opened });
      send({ type: 'opened', saved: !!opened.saved });
    } catch (e) {
      const m =
        e instanceof LabLocked ? msg('ui.notice.locked', { pid: e.pid }) : msg('ui.notice.openFailed', { error: (e as Error).message });
      send({ type: 'openFailed', notice: notice('warn', m) });
    }
  };

  const start = async (fresh: boolean) => {
    const current = activeNow.current;
    if (!current || current.ls) return;
    const { opened } = current;
    if (fresh || !opened.saved) {
      use(opened, startFresh(opened));
      return send({ type: 'started', stepIndex: 0 });
    }
    const ls = await startResumed({ ...opened, saved: opened.saved }, props.probes);
    if (csNow.current.exited || csNow.current.leaving) return ls.stopSaving(); // left while re-checking: nothing of it ran
    use(opened, ls);
    const learner = ls.session.steps();
    const first = learner.findIndex((s) => ls.session.state.steps[s.id]?.status === 'pending');
    const redo = ls.resumed?.redo ?? [];
    const kept = ls.resumed?.kept.length ?? 0;
    const lw = labText(opened.lab, opened.file, localeNow.current);
    const said = !redo.length
      ? notice('ok', msg('ui.resume.allKept', { count: kept }))
      : notice(
          'warn',
          msg('ui.resume.redo', { count: redo.length }),
          ...redo.map((r) =>
            msg('ui.resume.redoStep', {
              n: learner.findIndex((s) => s.id === r.stepId) + 1,
              title: lw.steps[r.stepId]?.title ?? r.stepId,
              reason: r.reason,
            }),
          ),
          ...(kept ? [msg('ui.resume.kept', { count: kept })] : []),
        );
    send({ type: 'started', stepIndex: first < 0 ? learner.length - 1 : first, notice: said });
  };

  const leave = async () => {
    const current = activeNow.current;
    await life.pause();
    // A lab left at the resume question holds its lock but no session yet.
    current?.opened.release();
    setActive(undefined);
    setHomeVersion((v) => v + 1);
    send({ type: 'left' });
  };

  const remove = async () => {
    const r = await life.remove();
    const lines = [
      ...(r?.removed.length ? [msg('ui.notice.removed', { what: words(r.removed) })] : [msg('ui.exit.nothingRemoved')]),
      ...(r?.problems ?? []),
    ];
    send({ type: 'removed', notice: notice(r?.problems.length ? 'warn' : 'ok', ...lines) });
  };

  const finish = (code: number, forced: boolean) =>
    setResult({
      code: code || (life.cleanups.some((c) => c.problems.length) ? 1 : 0),
      cleanups: life.cleanups,
      paused: life.paused,
      forced,
      progressSaved: life.progressSaved,
      locale: localeNow.current,
    });

  function perform(e: Effect): void {
    const s = activeNow.current?.ls?.session;
    switch (e.type) {
      case 'open':
        return void open(e.labIndex, e.shell);
      case 'start':
        return void start(e.fresh);
      case 'run':
        if (!s) return;
        s.runStep(e.stepId, { replace: e.replace }).then(
          () => send({ type: 'stepEnded' }),
          (err: Error) => send({ type: 'stepEnded', error: err.message }),
        );
        return;
      case 'skip':
        return s?.skipStep(e.stepId);
      case 'cancel':
        return s?.cancel();
      case 'pause':
        return void leave();
      case 'remove':
        return void remove();
      case 'language': {
        const next = nextLocale(localeNow.current);
        setLocale(next);
        return send({
          type: 'notify',
          notice: notice(
            'info',
            msg('ui.language.switched', { language: languageName(next) }),
            ...(hasCatalog(next) ? [] : [msg('ui.language.noCatalog', { language: languageName(next) })]),
          ),
        });
      }
      case 'exit':
        return finish(e.code, e.forced);
    }
  }

  useInput((input, key) => {
    for (const press of keyPresses(input, key)) {
      const command = commandFor(contextOf(csNow.current, facts()), press.input, press.key);
      if (command) send({ type: 'key', command });
    }
  });

  const onProseMeasure = useCallback((max: number, page: number) => {
    measured.current.prose = { max, page };
  }, []);
  const onResultsMeasure = useCallback((max: number, page: number) => {
    measured.current.results = { max, page };
  }, []);
  const onViewerMeasure = useCallback((maxTop: number, maxLeft: number, page: number) => {
    measured.current.viewer = { maxTop, maxLeft, page };
  }, []);

  if (result)
    return (
      <LookProvider look={look}>
        <TranscriptView entries={transcript} />
      </LookProvider>
    );

  const f = facts();
  const context = contextOf(cs, f);
  const readOnly = active?.opened.mode.kind === 'read';
  const footer = context === 'busy' ? [] : footerOf(cs, f);
  // The lines left for the body: everything else on the screen is counted as it will wrap, so the
  // parts of a step keep fixed places and the footer is never pushed off.
  const rowsOf = (line: string, indent = 0) => (line ? wrapLine(line, Math.max(10, columns - indent)).length : 0);
  const noticeRows = cs.notice ? cs.notice.lines.reduce((n, m) => n + rowsOf(t(m.key, m.params), 2), 0) : 0;
  const bannerRows = readOnly ? (rows < 30 ? 2 : 4) : 0;
  const bodyRows = Math.max(6, rows - 1 - 1 - (sharing ? 1 : 0) - rowsOf(footerText(footer, t)) - noticeRows - bannerRows);
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return (
      <LookProvider look={look}>
        <TranscriptView entries={transcript} />
        <Text>{t('ui.tooSmall', { columns, rows, minColumns: MIN_COLUMNS, minRows: MIN_ROWS })}</Text>
      </LookProvider>
    );
  }
  let body: React.ReactNode = null;
  if (cs.leaving?.stage === 'pausing') {
    body = <Text>{t('ui.leave.pausing')}</Text>;
  } else if (cs.leaving?.stage === 'removing') {
    body = <Text>{t('ui.leave.removing')}</Text>;
  } else if (context === 'leaving' && session) {
    body = (
      <LeavingPrompt
        plan={session.cleanupPlan()}
        quitting={cs.leaving?.then === 'quit'}
        toShell={cs.leaving?.then === 'shell' ? cs.leaving.shell : undefined}
      />
    );
  } else if (context === 'help') {
    body = <HelpView context={cs.screen === 'home' || !active ? 'home' : 'lab'} readOnly={readOnly} shells={f.lab?.shells.length ?? 1} />;
  } else if (context === 'home') {
    body = (
      <Home
        entries={entries}
        reports={reports}
        selected={cs.labIndex}
        opening={cs.opening !== undefined ? entries[cs.opening]?.file : undefined}
        labsDir={props.labsDir}
        suggestion={suggestion}
      />
    );
  } else if ((context === 'resumePrompt' || context === 'busy') && active?.opened.saved && !active.ls) {
    const { passed, total } = progressSummary(active.opened.lab, active.opened, active.opened.saved);
    body = <ResumePrompt saved={active.opened.saved} passed={passed} total={total} checking={!!cs.resume?.checking} />;
  } else if (context === 'viewer' && session && state && stepId && cs.viewer) {
    body = <OutputViewer output={state.steps[stepId]!.output} top={cs.viewer.top} left={cs.viewer.left} onMeasure={onViewerMeasure} />;
  } else if (context === 'end' && session && state && text) {
    // The next lab on the list is suggested (the one after this lab, else the first other one).
    const here = entries.findIndex((e) => e.file === active?.opened.file);
    const next = [...entries.slice(here + 1), ...entries.slice(0, Math.max(0, here))].find((e) => e.lab)?.text?.title;
    body = (
      <EndScreen
        session={session}
        state={state}
        text={text}
        plan={session.cleanupPlan()}
        next={next}
        height={bodyRows}
        scroll={cs.resultsScroll}
        onMeasure={onResultsMeasure}
      />
    );
  } else if (context === 'lab' && session && state && text) {
    body = (
      <LabScreen
        session={session}
        state={state}
        text={text}
        ui={cs}
        readOnly={readOnly}
        preview={preview}
        onProseMeasure={onProseMeasure}
        onResultsMeasure={onResultsMeasure}
        height={bodyRows}
      />
    );
  }
  const right = `${languageName(locale)}${hasCatalog(locale) ? '' : ' [en]'}${active ? ` · ${editionLabel(active.opened)}` : ''}`;

  return (
    <LookProvider look={look}>
      <TranscriptView entries={transcript} />
      <Box flexDirection="column" maxHeight={Math.max(8, rows - 1)}>
        <Header
          title={active && text ? `isolab · ${text.title}` : `isolab · ${t('ui.home.title')}`}
          right={right}
          note={sharing && sharingText(sharing, t)}
        />
        <ReadOnlyBanner opened={active?.opened} flag={props.readOnly} />
        <Box flexDirection="column" flexShrink={1} overflow="hidden">
          {body}
        </Box>
        <NoticeLine notice={cs.notice} />
        <Footer items={footer} />
      </Box>
    </LookProvider>
  );
}
