// Starts the real server (AK_SERVER_BIN) on 127.0.0.1:0 with a temporary data directory, waits
// until /healthz answers, and hands its address to the tests in BASE_URL. Returns the teardown.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup() {
  const bin = process.env.AK_SERVER_BIN;
  const webDir = process.env.AK_WEB_DIR;
  if (!bin || !webDir) {
    throw new Error('AK_SERVER_BIN and AK_WEB_DIR must be set; run the tests with `cargo xtask test`');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ak-browser-'));
  const server = spawn(bin, ['--bind', '127.0.0.1:0', '--data-dir', dataDir, '--web-dir', webDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AK_LOG: process.env.AK_LOG || 'warn' },
  });
  const baseUrl = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  const health = await fetch(`${baseUrl}/healthz`);
  if (!health.ok) throw new Error(`/healthz answered ${health.status}`);
  process.env.BASE_URL = baseUrl;

  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  };
}
