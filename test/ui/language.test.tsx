import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { readLab } from '../../src/lab/catalog.js';
import { FIXTURES, KEY, renderApp, sandbox, words, type Tui, quitTui } from './helpers.js';

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;

beforeEach(() => {
  box = sandbox(['process-lab.md']);
  // A Spanish translation that is current for the first step and out of date for the second.
  const hash = readLab(join(FIXTURES, 'process-lab.md')).steps.find((s) => s.id === 'start')!.proseHash;
  mkdirSync(join(box.labsDir, 'es'));
  writeFileSync(
    join(box.labsDir, 'es', 'process-lab.md'),
    `---
id: process-lab
lang: es
translationOf: process-lab
title: Un proceso que inicias es un proceso de este host
---

## Iniciar un proceso en segundo plano

<!-- isolab
step: start
from: ${hash}
verdicts:
  pid: { pass: "El sleep en segundo plano tiene el PID {{pid}}." }
-->

Iniciamos \`sleep\` en segundo plano e imprimimos su identificador de proceso.

\`\`\`sh
sleep 300 >/dev/null 2>&1 &
echo $!
\`\`\`

## Encontrarlo en la tabla de procesos del host

<!-- isolab
step: find
from: "000000000000"
-->

\`\`\`sh
ps -e -o pid,comm
\`\`\`
`,
  );
});

afterEach(async () => {
  await quitTui(tui);
  tui = undefined;
  box.dispose();
});

test('l switches the lab text to the translation mid-lab, keeping results; untranslated steps are marked', async () => {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('1/5 Start a background process');
  await tui.press(KEY.enter);
  const pid = /has PID (\d+)\./.exec(await tui.see(/has PID \d+\./))![1];

  await tui.press('l');
  let frame = await tui.see('1/5 Iniciar un proceso en segundo plano');
  expect(frame).toContain('isolab · Un proceso que inicias es un proceso de este host');
  expect(frame).toContain('Iniciamos `sleep` en segundo plano');
  expect(frame).toContain(`✔ superado: El sleep en segundo plano tiene el PID ${pid}.`);
  expect(frame).toContain('✔ 1. Iniciar un proceso en segundo plano');
  expect(frame).toContain("2. Find it in the host's process table [en]"); // stale: shown in English, marked

  await tui.press('n');
  const es = words('es');
  frame = await tui.see(`2/5 Find it in the host's process table [en] ${es('ui.lang.stale')}`);
  await tui.press('n');
  await tui.see(`3/5 Stop it [en] ${es('ui.lang.missing')}`);
  // The command still comes from the source lab, with the value captured before the switch.
  expect(tui.screen()).toContain(`$ kill ${pid}`);
});
