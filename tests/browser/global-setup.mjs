// Starts the real server (AK_SERVER_BIN) with the demo data on 127.0.0.1:0, with a temporary data
// directory and its own copy of the web build (a test swaps in a "new version" there), waits until
// /healthz answers, and hands the address and the demo's codes and keys to the tests:
// BASE_URL, ADMIN_KEY, VENUE_KEY, DEMO_CODES (JSON: name -> code), WEB_DIR. Returns the teardown.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup() {
  const bin = process.env.AK_SERVER_BIN;
  const builtWeb = process.env.AK_WEB_DIR;
  if (!bin || !builtWeb) {
    throw new Error('AK_SERVER_BIN and AK_WEB_DIR must be set; run the tests with `cargo xtask test`');
  }
  const tmp = mkdtempSync(join(tmpdir(), 'ak-browser-'));
  const dataDir = join(tmp, 'data');
  const webDir = join(tmp, 'web');
  cpSync(builtWeb, webDir, { recursive: true });
  const server = spawn(
    bin,
    // Every test activates cards from this one address: more than a family would.
    ['--bind', '127.0.0.1:0', '--data-dir', dataDir, '--web-dir', webDir, '--demo',
      '--activations-per-address', '1000'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AK_LOG: process.env.AK_LOG || 'warn' },
    },
  );
  const started = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const url = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      // The demo's keys are printed last.
      const admin = out.match(/^ {2}admin key +(\S+)$/m);
      if (url && admin) {
        clearTimeout(timer);
        const codes = {};
        for (const m of out.matchAll(/activation code for (\S+) +(\S+)/g)) codes[m[1]] = m[2];
        resolve({
          baseUrl: url[0],
          admin: admin[1],
          venue: out.match(/^ {2}venue key +(\S+)$/m)[1],
          codes,
        });
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  const health = await fetch(`${started.baseUrl}/healthz`);
  if (!health.ok) throw new Error(`/healthz answered ${health.status}`);
  process.env.BASE_URL = started.baseUrl;
  process.env.ADMIN_KEY = started.admin;
  process.env.VENUE_KEY = started.venue;
  process.env.DEMO_CODES = JSON.stringify(started.codes);
  process.env.WEB_DIR = webDir;

  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(tmp, { recursive: true, force: true });
  };
}
