/** Types for push-to-talk.js (plain JS so browsers load it without a build step). */
export interface KeyLike {
  key?: string;
  code?: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  repeat?: boolean;
}
export declare function isPushToTalkKey(e: KeyLike): boolean;
export declare const DEFAULT_TAP_MS: number;
export declare class PushToTalk {
  constructor(opts: { start: () => void; stop: () => void; isActive: () => boolean; now?: () => number; tapMs?: number });
  keydown(e: KeyLike): boolean;
  keyup(e: KeyLike): boolean;
  blur(): void;
}
