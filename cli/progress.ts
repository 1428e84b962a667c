// Progress of long operations, on stderr (stdout stays the result): one line rewritten in place on a
// terminal, or a plain line at most every few seconds when stderr is a file or pipe (CI logs).

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  update(line: string): void;
  /** Prints the final line (always). */
  finish(line: string): void;
}

const TTY_EVERY_MS = 100;
const LOG_EVERY_MS = 2000;

export function createProgress(sink: ProgressSink, now: () => number = Date.now): Progress {
  const tty = sink.isTTY === true;
  let last = 0;
  let pending = false;
  return {
    update(line) {
      const at = now();
      if (at - last < (tty ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
      last = at;
      pending = tty;
      sink.write(tty ? `\r\u001b[2K${line}` : `${line}\n`);
    },
    finish(line) {
      sink.write(tty && pending ? `\r\u001b[2K${line}\n` : `${line}\n`);
    },
  };
}

export const silentProgress: Progress = { update() {}, finish() {} };
