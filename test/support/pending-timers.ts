/**
 * Which timers (setTimeout, setInterval) set while tracking are still pending,
 * with where they were set and whether they keep the process alive (ref'd). For
 * shutdown tests: after close() nothing of ours should be left waiting to fire.
 * Built on async_hooks: a Timeout is "destroyed" when it fires (once) or is cleared.
 */
import { createHook } from 'node:async_hooks';

export interface PendingTimer {
  /** keeps the event loop (and so the process) alive */
  readonly ref: boolean;
  /** the stack where it was set */
  readonly stack: string;
}

export interface TimerTracker {
  /** timers set since tracking began and not yet fired or cleared */
  pending(): PendingTimer[];
  stop(): void;
}

export function trackTimers(): TimerTracker {
  const live = new Map<number, { resource: { hasRef(): boolean }; stack: string }>();
  const hook = createHook({
    init(asyncId, type, _trigger, resource) {
      if (type !== 'Timeout') return;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 40;
      live.set(asyncId, { resource: resource as { hasRef(): boolean }, stack: new Error().stack ?? '' });
      Error.stackTraceLimit = limit;
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  }).enable();
  return {
    pending: () => [...live.values()].map((t) => ({ ref: t.resource.hasRef(), stack: t.stack })),
    stop: () => void hook.disable(),
  };
}
