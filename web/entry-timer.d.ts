/** Types for entry-timer.js (plain JS so browsers load it without a build step). */

/** What POST /api/forms/records/:id/timing takes. */
export interface EntryTiming {
  openedAt: string;
  firstInputAt: string | null;
  activeMs: number;
  keystrokes: number;
  edits: number;
}

export interface StoredEntryTiming {
  openedAt?: string | null;
  firstInputAt?: string | null;
  activeMs?: number | null;
  keystrokes?: number | null;
  edits?: number | null;
}

export declare const DEFAULT_IDLE_MS: number;
export declare function isKeystroke(key: string | undefined): boolean;

export declare class EntryTimer {
  constructor(options?: { now?: () => number; idleMs?: number });
  readonly started: boolean;
  readonly dirty: boolean;
  start(resume?: StoredEntryTiming): void;
  activity(): void;
  keystroke(): void;
  dictatedInput(): void;
  enterField(fieldId: string, text: string): void;
  leaveField(fieldId: string, text: string): void;
  snapshot(options?: { endAt?: string | null; maxSkewMs?: number }): EntryTiming;
  reported(): void;
}
