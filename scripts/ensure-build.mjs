// `npm start` runs this first: build the dashboard only when the last build is missing or older than its inputs.
// Exits with next build's code when a build was needed and failed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = process.cwd();
const BUILD_ID = join(root, '.next', 'BUILD_ID');
/** What `next build` compiles (or is configured by). Server code is run by tsx and needs no build. */
const INPUTS = ['app', 'next.config.ts', 'tsconfig.json', 'package-lock.json'];

/** The newest file or directory among the inputs, walked recursively: { path, mtimeMs }. */
function newestInput() {
  let newest = { path: '', mtimeMs: 0 };
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    // A directory's own mtime changes when an entry is added, removed or renamed: deleted pages count too.
    if (stat.mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: stat.mtimeMs };
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  for (const input of INPUTS) visit(join(root, input));
  return newest;
}

function staleReason() {
  if (!existsSync(BUILD_ID)) return 'no build found (.next/BUILD_ID is missing)';
  const builtAt = statSync(BUILD_ID).mtimeMs;
  const newest = newestInput();
  if (newest.mtimeMs > builtAt) return `${relative(root, newest.path)} changed since the last build`;
  return null;
}

function runNextBuild() {
  // Resolve Next's own CLI so this works without npx or a shell.
  const nextBin = createRequire(join(root, 'package.json')).resolve('next/dist/bin/next');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('error', (error) => {
      console.error(`ensure-build: could not start next build: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const reason = staleReason();
if (!reason) {
  console.log('ensure-build: dashboard build is current (.next/BUILD_ID is newer than its inputs)');
  process.exit(0);
}
console.log(`ensure-build: ${reason}; running next build`);
const started = Date.now();
const code = await runNextBuild();
if (code !== 0) {
  console.error(`ensure-build: next build failed (exit ${code})`);
  process.exit(code);
}
console.log(`ensure-build: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
