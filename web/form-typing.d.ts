/** Types for form-typing.js (plain JS so browsers load it without a build step). */

export declare const DEFAULT_DEBOUNCE_MS: number;

export interface FormTypingOptions {
  /** the clerk paused for `debounceMs`: send what was typed */
  onPause: () => void;
  debounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export declare class FormTyping {
  constructor(options: FormTypingOptions);
  readonly debounceMs: number;
  /** input in a field: it waits, and the pause starts again */
  add(fieldId: string): void;
  has(fieldId: string): boolean;
  /** the fields waiting, in the order first typed (a copy) */
  fields(): string[];
  /** takes a field out to be sent; true if it was waiting; the last one out stops the pause */
  take(fieldId: string): boolean;
  clear(): void;
}
