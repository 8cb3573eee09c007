import { enCore } from './en-core.js';
import { enUi } from './en-ui.js';
import { enLab } from './en-lab.js';
import { enCli } from './en-cli.js';
import { enClass } from './en-class.js';
import { enAccess } from './en-access.js';

/**
 * The English catalog: the source every other catalog must match key for key, placeholder for
 * placeholder. Keys ending in _one/_other are plural forms chosen with Intl.PluralRules.
 *
 * Object.assign, not an object spread: spreading 1,400 keys into one literal made V8 build a hidden
 * class per key (about 90 ms of CPU on every start, more than the rest of `isolab list`); assigning
 * them costs about 1 ms (issue 24, BENCH.md).
 */
export const en: Merged<typeof enCore & typeof enUi & typeof enLab & typeof enCli & typeof enClass & typeof enAccess> = Object.assign(
  {},
  enCore,
  enUi,
  enLab,
  enCli,
  enClass,
  enAccess,
);

/** One object type with every part's keys (what the spread's type was). */
type Merged<T> = { readonly [K in keyof T]: T[K] };

export type MessageKey = keyof typeof en;
