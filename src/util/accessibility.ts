/**
 * How the learner asked isolab to present itself: as linear text for a screen reader, and without
 * motion. Asked by flag (--screen-reader, --reduced-motion) or by environment, so a learner sets it
 * once in their shell profile: ISOLAB_SCREEN_READER=1, ISOLAB_REDUCED_MOTION=1, and ink's own
 * INK_SCREEN_READER=true (the variable other ink programs, gemini-cli among them, already read).
 */
export interface Access {
  /** Linear text written once, in reading order: nothing redrawn, statuses as words. */
  screenReader: boolean;
  /** Nothing moves on its own (no ticking clock); implied by the screen-reader mode. */
  reducedMotion: boolean;
}

const on = (value: string | undefined): boolean => value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());

export function accessOf(flags: { screenReader?: boolean; reducedMotion?: boolean }, env: NodeJS.ProcessEnv = process.env): Access {
  const screenReader = !!flags.screenReader || on(env.ISOLAB_SCREEN_READER) || on(env.INK_SCREEN_READER);
  return { screenReader, reducedMotion: screenReader || !!flags.reducedMotion || on(env.ISOLAB_REDUCED_MOTION) };
}
