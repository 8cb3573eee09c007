import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Msg } from '../i18n/translate.js';
import { examplesFor } from '../lab/content.js';
import {
  appliesTo,
  checksFor,
  commandFor,
  defaultShell,
  editionName,
  hasEdition,
  type Check,
  type CommandBlock,
  type EditionId,
  type ExampleOutput,
  type Lab,
  type Platform,
  type ResourceSpec,
  type Shell,
  type Step,
} from '../lab/model.js';

/** What a run's ledger records of its edition, so `isolab cleanup` can open the same edition again. */
export interface LedgerKey {
  labId: string;
  /** Absolute: a crashed run is reclaimed from wherever the next isolab starts. */
  labFile: string;
  platform: Platform;
  shell: Shell;
  /** A fingerprint of the cleanup commands: reclaim runs them again only if they are unchanged. */
  cleanupHash: string;
}

/**
 * A lab in one edition (a platform and a shell), as a learner meets it on this host. Everything a
 * run, a screen or a report needs to know about "lab L in edition E" is asked of this one value:
 * the learner's steps (computed once), each step's command, checks, examples and resources, the
 * cleanup commands, the steps this host cannot run (with doctor's fix), and where its progress,
 * lock and ledger are kept. A platform never stands in for it.
 */
export class Edition implements EditionId {
  readonly platform: Platform;
  readonly shell: Shell;
  /**
   * The steps a learner goes through, in order: every step of this edition but the cleanup steps,
   * which run at the end of every run whatever happened and are reported apart. "N steps" means
   * this everywhere: isolab list, a run's [i/N] and summary, reports, the TUI.
   */
  readonly steps: readonly Step[];
  /** Run at the end of a run (when the learner agreed), in order. */
  readonly cleanupSteps: readonly Step[];
  /** Steps this host cannot run, each with what it lacks, worded with doctor's fix. */
  private readonly lacks: ReadonlyMap<string, readonly Msg[]>;

  /** Use editionOf (it refuses an edition the lab does not have). */
  constructor(
    readonly lab: Lab,
    id: EditionId,
    lacks: ReadonlyMap<string, readonly Msg[]> = new Map(),
  ) {
    this.platform = id.platform;
    this.shell = id.shell;
    this.steps = lab.steps.filter((s) => !s.cleanup && appliesTo(s, id));
    this.cleanupSteps = lab.steps.filter((s) => s.cleanup && appliesTo(s, id));
    // Only steps that have something to run can be "not run here": a reading step is read anywhere.
    this.lacks = new Map([...lacks].filter(([stepId]) => this.steps.some((s) => s.id === stepId && this.command(s))));
  }

  /** The same edition on a host that lacks what these steps need (see edition/host.ts). */
  onHost(lacks: ReadonlyMap<string, readonly Msg[]>): Edition {
    return new Edition(this.lab, this, lacks);
  }

  get id(): EditionId {
    return { platform: this.platform, shell: this.shell };
  }

  /** `linux/powershell`. */
  get name(): string {
    return editionName(this);
  }

  /** Is a step, check, resource or requirement limited to editions this one is among? */
  has(item: { platforms?: Platform[] | undefined; shells?: Shell[] | undefined }): boolean {
    return appliesTo(item, this);
  }

  /** A step of the lab by id (learner or cleanup step). */
  step(id: string): Step {
    const s = this.lab.steps.find((x) => x.id === id);
    if (!s) throw new Error(`no step ${id}`);
    return s;
  }

  /** The command the step runs in this edition; undefined for a step only to read. */
  command(step: Step): CommandBlock | undefined {
    return commandFor(step, this);
  }

  checks(step: Step): Check[] {
    return checksFor(step, this);
  }

  /** The docs' output for this edition: a `ps` table is no example of what `Get-Process` prints. */
  examples(step: Step): ExampleOutput[] {
    return examplesFor(step, this);
  }

  /** The containers a step creates in this edition (recorded before it runs, removed by cleanup). */
  resources(step: Step): ResourceSpec[] {
    return step.resources.filter((r) => appliesTo(r, this));
  }

  /** The cleanup commands as written (values not filled in), in the order they run. */
  get cleanupCommands(): { stepId: string; code: string }[] {
    return this.cleanupSteps.flatMap((step) => {
      const cmd = this.command(step);
      return cmd ? [{ stepId: step.id, code: cmd.code }] : [];
    });
  }

  /** What this host lacks to run the step, worded with doctor's fix; undefined when it can run it. */
  notRunHere(stepId: string): readonly Msg[] | undefined {
    return this.lacks.get(stepId);
  }

  /** The steps this host cannot run, with what each lacks. */
  get notRunHereSteps(): ReadonlyMap<string, readonly Msg[]> {
    return this.lacks;
  }

  /**
   * Each edition keeps its own progress: a `ps` table proves nothing to a PowerShell step.
   * `<lab>.linux` for the platform's default shell (as before editions had shells), `<lab>.linux.powershell` otherwise.
   */
  get progressKey(): string {
    return this.shell === defaultShell(this.platform) ? `${this.lab.id}.${this.platform}` : `${this.lab.id}.${this.platform}.${this.shell}`;
  }

  /**
   * One lock per lab, for all its editions: the editions of a lab judge the same host (its process
   * table, its engine), so a second terminal running the PowerShell edition while the sh edition's
   * `ping` container runs would make "the host shows no ping" false. Two editions of one lab never
   * run at once; two labs may.
   */
  get lockKey(): string {
    return this.lab.id;
  }

  get ledgerKey(): LedgerKey {
    return {
      labId: this.lab.id,
      labFile: resolve(this.lab.file),
      platform: this.platform,
      shell: this.shell,
      cleanupHash: this.cleanupHash,
    };
  }

  /** A fingerprint of what the cleanup runs in this edition. */
  get cleanupHash(): string {
    const h = createHash('sha256');
    for (const step of this.cleanupSteps) h.update(this.command(step)?.code ?? '').update('\0');
    return h.digest('hex').slice(0, 16);
  }
}

/** Lab L in edition E (before anything is known of this host). Throws when the lab has no such edition. */
export function editionOf(lab: Lab, id: EditionId): Edition {
  if (!hasEdition(lab, id)) throw new Error(`lab ${lab.id} has no ${editionName(id)} edition`);
  return new Edition(lab, id);
}
