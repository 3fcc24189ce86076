/**
 * One self-overwriting status line on a terminal's stderr, for long scans and live reads. Nothing is drawn when
 * stderr is not a terminal, nor during the first half second, so that short runs and pipelines stay quiet.
 */
import type { Io } from './io';

export interface Progress {
  update(line: string): void;
  /** Clears the line, if one was drawn. */
  done(): void;
}

const QUIET_MS = 500;
const REDRAW_MS = 100;

/** `now` is the clock (milliseconds), replaceable for tests. */
export function terminalProgress(io: Io, now: () => number = Date.now): Progress {
  if (!io.interactive) return { update: () => undefined, done: () => undefined };
  const started = now();
  let shown = false;
  let last = 0;
  return {
    update(line) {
      const t = now();
      if (t - started < QUIET_MS || t - last < REDRAW_MS) return;
      last = t;
      shown = true;
      io.stderr(`\r\x1b[2K${line}`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}
