// Where the runtime reports what went wrong off a caller's path (a failed commit, a broken
// listener, a storage error behind a typed UNAVAILABLE). The process injects its logger (pino:
// `error(context, message)`); embedders and tests get the console. Storage errors are logged here
// in full and reach callers only as a generic message: they carry SQL and driver text.
export interface RuntimeLogger {
  error(context: Record<string, unknown>, message: string): void;
}

export const consoleLogger: RuntimeLogger = {
  error: (context, message) => console.error(message, context),
};
