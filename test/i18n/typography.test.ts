import { describe, expect, it } from 'vitest';
import { loadGlossary, parseGlossary, rejectedTerms } from '../../src/i18n/glossary.js';
import { proseProblems } from '../../src/i18n/typography.js';

const N = '\u00A0';

/** The rules that fire on a text, by message key, with what they quote. */
function rules(lang: string, text: string, glossary = loadGlossary(lang)): string[] {
  return proseProblems(lang, text, { markdown: true, glossary }).map((p) => {
    const params = p.msg.params ?? {};
    const what = params.found ?? params.mark ?? '';
    return what ? `${p.msg.key} ${String(what)}` : p.msg.key;
  });
}

// Each rule is shown failing on a line of main at e75d069 (quoted as it was), then passing on the
// line as it should read.
describe('French typography', () => {
  it('a plain space before : ; ? ! (fr-core.ts, 37 of them before ":")', () => {
    // src/i18n/catalogs/fr-core.ts: 'check.exit.fail'
    expect(rules('fr', 'code de sortie {actual}, attendu : {expected}')).toEqual(['style.fr.plainSpace :']);
    // labs/fr/namespaces.md (a verdict): "… est-il en cours d'exécution (docker ps -a) ?"
    expect(rules('fr', 'Le conteneur est-il en cours d’exécution (docker ps -a) ?')).toEqual(['style.fr.plainSpace ?']);
    expect(rules('fr', `code de sortie {actual}, attendu${N}: {expected}`)).toEqual([]);
  });

  it('no space at all before a colon that ends a phrase, but a colon inside code, a time or a path is not French punctuation', () => {
    // src/i18n/catalogs/fr-lab.ts: 'lab.absenceNeedsExit.hint', YAML written into the sentence unquoted
    expect(rules('fr', 'ajoutez "- exit: 0" (ou les codes qui signifient que la commande a fonctionné)')).toContain('style.fr.noSpace :');
    expect(rules('fr', `ajoutez «${N}- exit: 0${N}» (ou les codes qui signifient que la commande a fonctionné)`)).toEqual([]);
    expect(rules('fr', 'à 10:48, dans `C:\\Users`, sur https://learn.microsoft.com/fr-fr/x et /proc/<pid>/status')).toEqual([]);
  });

  it('a narrow no-break space is not the house style: U+00A0 everywhere', () => {
    expect(rules('fr', 'Vraiment\u202F? Oui.')).toEqual(['style.fr.narrowSpace ?']);
  });

  it('guillemets need a no-break space inside', () => {
    // src/i18n/catalogs/fr-core.ts: 'check.notJudged.missing'
    expect(rules('fr', 'elle nécessite {name} de l’étape « {step} », qui n’a jamais été capturé')).toEqual([
      'style.fr.guillemets',
      'style.fr.guillemets',
    ]);
    expect(rules('fr', `elle nécessite {name} de l’étape «${N}{step}${N}», qui n’a jamais été capturé`)).toEqual([]);
  });

  it('a straight apostrophe in prose, never in code', () => {
    // src/i18n/catalogs/fr-core.ts: 'doctor.onlySteps_one'
    expect(rules('fr', "seule {count} étape en a besoin ; le reste du labo s'exécute sans")).toEqual([
      'style.fr.plainSpace ;',
      'style.fr.apostrophe',
    ]);
    // labs/fr/namespaces.md:14 — an apostrophe before a guillemet is still an apostrophe
    expect(rules('fr', "Écrit pour isolab. L'« explication de l'isolation » de l'article")).toContain('style.fr.apostrophe');
    expect(rules('fr', "la commande `grep -E '^(Name|NSpid):'` garde l’essentiel")).toEqual([]);
  });

  it('ASCII quotes where French sets « »', () => {
    // src/i18n/catalogs/fr-lab.ts: 'lab.noCommandFor.hint'
    expect(rules('fr', 'ajoutez un bloc ```{fence}, ou limitez l’étape avec "platform:" ou "shell:"')).toContain('style.quotes');
    expect(rules('fr', `ajoutez un bloc \`\`\`{fence}, ou limitez l’étape avec «${N}platform:${N}» ou «${N}shell:${N}»`)).toEqual([]);
  });
});

describe('Spanish typography', () => {
  it('ASCII quotes where Spanish sets « » (the errors, while the labs use « »)', () => {
    // src/i18n/catalogs/es-cli.ts: 'cli.unknownCommand'
    expect(rules('es', 'comando desconocido "{command}"')).toEqual(['style.quotes', 'style.quotes']);
    expect(rules('es', 'comando desconocido «{command}»')).toEqual([]);
  });

  it('a question or an exclamation opens with ¿ or ¡, even when the sentence wraps', () => {
    // src/i18n/catalogs/es-ui.ts: 'ui.help.close' (a key named bare, read as a question mark)
    expect(rules('es', 'Esc o ? cierra esta ayuda.')).toEqual(['style.es.inverted ?']);
    expect(rules('es', 'Esc o «?» cierra esta ayuda.')).toEqual([]);
    // labs/es/namespaces.md:25-26, one paragraph over two lines
    expect(rules('es', '¿Cómo puede un\nproceso estar «en un contenedor» y seguir siendo un proceso del host? La respuesta')).toEqual([]);
  });
});

describe('Chinese typography', () => {
  it('half-width punctuation next to Chinese text', () => {
    // src/i18n/catalogs/zh-CN-core.ts: 'doctor.pwshBroken'
    expect(rules('zh-CN', '{path} 无法启动: {error}')).toEqual(['style.zh.halfWidth :']);
    // the help line from the issue: "（只读） (可选：…)"
    expect(rules('zh-CN', '在界面中阅读另一个平台的版本（只读） (可选：linux, windows, macos)')).toEqual([
      'style.zh.spaceNearPunct ）',
      'style.zh.halfWidth ( )',
    ]);
    expect(rules('zh-CN', '{path} 无法启动：{error}')).toEqual([]);
    // Half-width parentheses around Latin text standing between spaces stay.
    expect(rules('zh-CN', '在 Linux 上可以用 PowerShell 7 (`pwsh`) 完成本实验')).toEqual([]);
  });

  it('a space between Chinese and Latin letters or digits, code and placeholders included', () => {
    // src/i18n/catalogs/zh-CN-ui.ts: 'ui.home.noEngine_one'
    expect(rules('zh-CN', '这里没有响应的容器引擎：{labs}无需引擎即可运行。')).toEqual(['style.zh.space']);
    expect(rules('zh-CN', '使用`docker top`命令')).toEqual(['style.zh.space', 'style.zh.space']);
    expect(rules('zh-CN', '这里没有响应的容器引擎：{labs} 无需引擎即可运行。')).toEqual([]);
  });

  it('no space next to full-width punctuation, emphasis markers looked through', () => {
    // labs/zh-CN/hyperv-internals.md:24
    expect(rules('zh-CN', '1. **隔离模式是每个容器的属性。** 2016 年，它是容器的 `RuntimeType`')).toEqual(['style.zh.spaceNearPunct 。']);
    expect(rules('zh-CN', '1. **隔离模式是每个容器的属性。**2016 年，它是容器的 `RuntimeType`')).toEqual([]);
    expect(rules('zh-CN', '在 Windows 上，*Hyper-V 容器*运行在一台小型虚拟机里。')).toEqual([]);
  });

  it('ASCII quotes where Chinese sets “ ”', () => {
    // src/i18n/catalogs/zh-CN-core.ts: 'check.capture.badType'
    expect(rules('zh-CN', '捕获到 {name} = "{value}"，但它不是 {typeDescription}')).toEqual(['style.quotes', 'style.quotes']);
    expect(rules('zh-CN', '捕获到的 {name} 为“{value}”，但它不是 {typeDescription}')).toEqual([]);
  });
});

describe('the glossaries (docs/glossary/<lang>.md, read at run time)', () => {
  it('French: one word for a lab', () => {
    // labs/fr/hyperv-isolation.md:51
    expect(rules('fr', 'images ; seule l’isolation change. Dans cet atelier, vous vérifiez la différence')).toContain('style.term atelier');
    // The workshop keeps its word.
    expect(rules('fr', `l’atelier en classe${N}: partagez votre progression`)).toEqual([]);
  });

  it('French: the seed’s « isolation des processus »', () => {
    // labs/fr/hyperv-isolation.md:8 (the recap)
    expect(rules('fr', '- Le ping du conteneur en isolation de processus était le PID {{pid}} sur cet hôte : un conteneur')).toEqual([
      'style.term isolation de processus',
      'style.fr.plainSpace :',
    ]);
  });

  it('Spanish: tú, and the seed’s « host de contenedor »', () => {
    // labs/es/hyperv-isolation.md:63
    expect(rules('es', 'allí `Get-Process` enumera los procesos del host Linux. Elija con `--shell sh`')).toEqual(['style.term Elija']);
    // labs/es/container-host.md:6
    expect(rules('es', 'Comprueba, dato a dato, lo que necesita un host de contenedores, desde el kernel')).toEqual([
      'style.term host de contenedores',
    ]);
  });

  it('Chinese: the seed’s 映像, 你, and a refused variant inside the term is the term', () => {
    // src/i18n/catalogs/zh-CN-core.ts: 'doctor.image' and zh-CN-cli.ts: 'cli.didYouMean'
    expect(rules('zh-CN', '镜像 {name}')).toEqual(['style.term 镜像']);
    expect(rules('zh-CN', '{problem}。您是否想输入“{guess}”？')).toEqual(['style.term 您']);
    expect(rules('zh-CN', '它运行在自己的实用工具虚拟机中')).toEqual([]);
    expect(rules('zh-CN', '它运行在自己的工具虚拟机中')).toEqual(['style.term 工具虚拟机']);
  });

  it('names stay as written: runsc-sandbox is a process, not a sandbox', () => {
    expect(rules('es', 'el proceso `exe` es runsc-sandbox, el que ejecuta el kernel del espacio aislado')).toEqual([]);
    expect(rules('es', 'un sandbox de gVisor')).toEqual(['style.term sandbox']);
  });

  it('reads the tables of a glossary page: terms with refused variants, and names kept as written', () => {
    const g = parseGlossary(
      'fr',
      [
        '| English | use | reject | why |',
        '|---|---|---|---|',
        '| lab | labo | atelier(s) | reason |',
        '',
        '| kept as written | why |',
        '|---|---|',
        '| atelier en classe | the workshop |',
      ].join('\n'),
    );
    expect(g.entries).toEqual([{ concept: 'lab', use: 'labo', accepted: ['labo'], reject: ['atelier(s)'] }]);
    expect(g.keep).toEqual(['atelier en classe']);
    expect(rejectedTerms('deux ateliers, un atelier en classe', g).map((t) => t.found)).toEqual(['ateliers']);
  });
});
