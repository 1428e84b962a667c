// `troupe` (bin/troupe.mjs runs this through tsx): the CLI process. Exit codes: see exit-codes.ts.
import { runCli } from './run-cli.ts';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stdout.isTTY === true,
});
// exitCode, not exit(): pending stdout writes to a pipe still flush before the process ends.
process.exitCode = code;
