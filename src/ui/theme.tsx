import { createContext, useContext, type ReactNode } from 'react';
import type { Translate } from '../i18n/translate.js';

/**
 * What every component needs to speak and paint: the learner's language and whether colour is on.
 * Colour is decided once (NO_COLOR, FORCE_COLOR, a dumb terminal); with it off no component passes
 * a colour to ink, so the screen relies on glyphs and words, never on colour alone.
 */
export interface Look {
  locale: string;
  t: Translate;
  color: boolean;
  columns: number;
  rows: number;
  /** --reduced-motion (or the screen-reader mode): nothing on screen changes on its own, no ticking clock. */
  reducedMotion?: boolean;
}

export type Tone = 'ok' | 'bad' | 'warn' | 'accent' | 'muted';

const TONES: Record<Tone, string> = { ok: 'green', bad: 'red', warn: 'yellow', accent: 'cyan', muted: 'gray' };

const LookContext = createContext<Look | undefined>(undefined);

export function LookProvider({ look, children }: { look: Look; children: ReactNode }) {
  return <LookContext.Provider value={look}>{children}</LookContext.Provider>;
}

export function useLook(): Look {
  const look = useContext(LookContext);
  if (!look) throw new Error('useLook outside LookProvider');
  return look;
}

/** The ink colour for a tone, or undefined when colour is off. */
export function paint(look: Pick<Look, 'color'>, tone: Tone): string | undefined {
  return look.color ? TONES[tone] : undefined;
}
