import { enCore } from './en-core.js';
import { enUi } from './en-ui.js';
import { enLab } from './en-lab.js';
import { enCli } from './en-cli.js';
import { enClass } from './en-class.js';
import { enAccess } from './en-access.js';

/**
 * The English catalog: the source every other catalog must match key for key, placeholder for
 * placeholder. Keys ending in _one/_other are plural forms chosen with Intl.PluralRules.
 */
export const en = { ...enCore, ...enUi, ...enLab, ...enCli, ...enClass, ...enAccess } as const;

export type MessageKey = keyof typeof en;
