import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useEffect, useInsertionEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createTranslator, hasCatalog } from '../i18n/translate.js';
import { EndScreen } from './components/EndScreen.js';
import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';
import { HelpView } from './components/HelpView.js';
import { Home } from './components/Home.js';
import { LabScreen } from './components/LabScreen.js';
import { LeavingPrompt } from './components/LeavingPrompt.js';
import { NoticeLine } from './components/NoticeLine.js';
import { OutputViewer } from './components/OutputViewer.js';
import { ReadOnlyBanner } from './components/ReadOnlyBanner.js';
import { ResumePrompt } from './components/ResumePrompt.js';
import { TranscriptView } from './components/TranscriptView.js';
import { TuiDriver, type DriverOptions } from './driver/driver.js';
import { MIN_COLUMNS, MIN_ROWS } from './driver/layout.js';
import { settledScreen } from './driver/settled-screen.js';
import { editionLabel } from './editions.js';
import { commandBoxRows } from './render/step-parts.js';
import { useMarkdown } from './hooks/use-markdown.js';
import { commandOfKey, keyPresses } from './keys/bindings.js';
import { languageName } from './languages.js';
import { LookProvider, type Look } from './theme.js';
import { sharingText } from '../class/link.js';

export type { TuiResult } from './driver/driver.js';

export interface AppProps extends DriverOptions {
  color: boolean;
  /** --reduced-motion: nothing moves on its own. */
  reducedMotion?: boolean;
  /** A driver made by the caller (a test that drives it too); by default one is made from the props. */
  driver?: TuiDriver;
}

/**
 * The root of the ink view: it renders the driver's view and turns keys into the driver's actions.
 * What happens lives elsewhere: the rules in controller.ts, the effects in driver/driver.ts.
 */
export function App(props: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const [driver] = useState(() => props.driver ?? new TuiDriver(props));
  // Stable, so the components' measuring effects run when a measure changes, not on every frame.
  const measure = useMemo(
    () => ({
      prose: (max: number, page: number) => driver.measured('prose', max, page),
      results: (max: number, page: number) => driver.measured('results', max, page),
      viewer: (maxTop: number, maxLeft: number, page: number) => driver.measuredViewer(maxTop, maxLeft, page),
    }),
    [driver],
  );
  const view = useSyncExternalStore(driver.subscribe, driver.snapshot);
  const t = useMemo(() => createTranslator(view.locale), [view.locale]);
  const look: Look = useMemo(
    () => ({ locale: view.locale, t, color: props.color, columns, rows, reducedMotion: !!props.reducedMotion }),
    [view.locale, t, props.color, columns, rows, props.reducedMotion],
  );
  useMarkdown(); // renders again once prose can be rendered as Markdown

  useEffect(() => {
    driver.start();
    return () => driver.dispose();
  }, [driver]);

  useEffect(() => {
    if (view.result) exit(view.result);
  }, [view.result]);

  useInput((input, key) => {
    // A burst of keys acts in order: each on the view the key before it left.
    for (const press of keyPresses(input, key)) {
      const command = commandOfKey(driver.snapshot().context, press.input, press.key);
      if (command) driver.command(command);
    }
  });

  const { controller: cs, context, lab } = view;
  const session = lab?.session;
  const state = lab?.state;
  // Laid out with the footer this very frame's regions ask for (see settled-screen.ts): the first
  // frame of a step is the one that stays, never one a later measure re-lays out.
  const { tooSmall, bodyRows, stepScreen, footer } = settledScreen(view, { columns, rows }, t, props.color, driver.footerWith);
  // Enter may run only what the screen showed, once all of it was: this frame's command, and which
  // lines of it. Said when the frame is committed, never from a render React may throw away: an
  // insertion effect runs in the commit before ink lays the frame out and writes it (the reconciler's
  // resetAfterCommit), so ink's onRender (main.ts → driver.frameWritten) always follows the showed()
  // of the frame it wrote. A layout effect would come after that write.
  const shown = stepScreen && {
    stepId: lab?.stepId,
    code: stepScreen.parts.runnable,
    lines: commandBoxRows(stepScreen.parts.block),
    top: stepScreen.commandTop,
    page: stepScreen.budget.command.page,
  };
  useInsertionEffect(() => {
    if (shown) driver.showed(shown.stepId, shown.code, { lines: shown.lines, top: shown.top, page: shown.page });
    else driver.showedNoCommand();
  }, [driver, shown?.stepId, shown?.code, shown?.lines, shown?.top, shown?.page]);

  if (view.result)
    return (
      <LookProvider look={look}>
        <TranscriptView entries={view.transcript} />
      </LookProvider>
    );
  if (tooSmall) {
    return (
      <LookProvider look={look}>
        <TranscriptView entries={view.transcript} />
        <Text>{t('ui.tooSmall', { columns, rows, minColumns: MIN_COLUMNS, minRows: MIN_ROWS })}</Text>
      </LookProvider>
    );
  }
  const readOnly = lab?.opened.mode.kind === 'read';
  let body: React.ReactNode = null;
  if (cs.leaving?.stage === 'pausing') {
    body = <Text>{t('ui.leave.pausing')}</Text>;
  } else if (cs.leaving?.stage === 'removing') {
    body = <Text>{t('ui.leave.removing')}</Text>;
  } else if (context === 'leaving' && lab?.plan) {
    body = (
      <LeavingPrompt
        plan={lab.plan}
        quitting={cs.leaving?.then === 'quit'}
        toShell={cs.leaving?.then === 'shell' ? cs.leaving.shell : undefined}
      />
    );
  } else if (context === 'help') {
    body = (
      <HelpView
        context={cs.screen === 'home' || !lab ? 'home' : 'lab'}
        readOnly={readOnly || view.readOnly}
        shells={lab?.shells.length ?? 1}
        height={bodyRows}
        scroll={cs.resultsScroll}
        onMeasure={measure.results}
      />
    );
  } else if (context === 'home') {
    body = (
      <Home
        entries={view.entries}
        reports={view.reports}
        selected={cs.labIndex}
        opening={cs.opening !== undefined ? view.entries[cs.opening]?.file : undefined}
        labsDir={view.labsDir}
        suggestion={view.suggestion}
        readOnly={view.readOnly}
        height={bodyRows}
      />
    );
  } else if ((context === 'resumePrompt' || context === 'busy') && lab?.resume) {
    body = <ResumePrompt {...lab.resume} checking={!!cs.resume?.checking} removing={!!cs.resume?.removing} />;
  } else if (context === 'viewer' && state && lab?.stepId && cs.viewer) {
    body = <OutputViewer output={state.steps[lab.stepId]!.output} top={cs.viewer.top} left={cs.viewer.left} onMeasure={measure.viewer} />;
  } else if (context === 'end' && session && state && lab?.plan) {
    body = (
      <EndScreen
        session={session}
        state={state}
        text={lab.text}
        plan={lab.plan}
        next={lab.next}
        readOnly={readOnly}
        height={bodyRows}
        scroll={cs.resultsScroll}
        onMeasure={measure.results}
      />
    );
  } else if (context === 'lab' && session && state && lab && stepScreen) {
    body = (
      <LabScreen
        session={session}
        state={state}
        text={lab.text}
        ui={cs}
        readOnly={readOnly}
        screen={stepScreen}
        onProseMeasure={measure.prose}
        onResultsMeasure={measure.results}
      />
    );
  }
  const right = `${languageName(view.locale)}${hasCatalog(view.locale) ? '' : ' [en]'}${lab ? ` · ${editionLabel(lab.opened.edition)}` : ''}`;

  return (
    <LookProvider look={look}>
      <TranscriptView entries={view.transcript} />
      <Box flexDirection="column" maxHeight={Math.max(8, rows - 1)}>
        <Header
          title={lab ? `isolab · ${lab.text.title}` : `isolab · ${t('ui.home.title')}`}
          right={right}
          note={view.sharing && sharingText(view.sharing, t)}
        />
        <ReadOnlyBanner opened={lab?.opened} flag={view.readOnly} />
        <Box flexDirection="column" flexShrink={1} overflow="hidden">
          {body}
        </Box>
        <NoticeLine notice={cs.notice} />
        <Footer items={footer} />
      </Box>
    </LookProvider>
  );
}
