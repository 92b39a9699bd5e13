/** Types for form-timing.js (plain JS so browsers load it without a build step). */
import type { EntryTimer, EntryTiming, StoredEntryTiming } from './entry-timer.js';

export type EntryMode = 'dictation' | 'manual';

export interface FormTimingOptions {
  api: { postTiming(id: number, body: EntryTiming, options?: { keepalive?: boolean }): Promise<unknown> };
  panel: { setMode(mode: EntryMode): void; setTimingState(state: 'sending' | 'reported' | 'error'): void };
  createTimer?: () => EntryTimer;
  onModeChange?: () => void;
  /** a report failed; the text says so in the page's language */
  onError?: (text: string) => void;
}

export declare class FormTiming {
  constructor(options: FormTimingOptions);
  readonly mode: EntryMode;
  readonly timer: EntryTimer | null;
  /** the last timing report under way */
  readonly lastReport: Promise<void>;
  /** measured and not reported since */
  readonly dirty: boolean;
  setMode(mode: EntryMode): void;
  dictationAllowed(formOpen: boolean): boolean;
  begin(formOpen: boolean): void;
  resume(stored: StoredEntryTiming | undefined): void;
  keystroke(key: string): void;
  activity(): void;
  enterField(fieldId: string, text: string): void;
  leaveField(fieldId: string, text: string): void;
  dictatedInput(): void;
  report(id: number | null, options?: { endAt?: string | null; keepalive?: boolean }): Promise<void>;
}
