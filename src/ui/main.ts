export interface TuiOptions {
  locale: string;
  readOnly: boolean;
}

/** Placeholder until the TUI lands: say so plainly instead of pretending. */
export async function startTui(_opts: TuiOptions): Promise<number> {
  process.stderr.write('The interactive UI is not built yet. Use: isolab run <lab> (isolab list shows the labs).\n');
  return 2;
}
