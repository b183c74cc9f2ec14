// Starts the real server (AK_SERVER_BIN) with the demo data on 127.0.0.1:0, with a temporary data
// directory and its own copy of the web build (a test swaps in a "new version" there), waits until
// /healthz answers, and hands the address and the demo's codes and keys to the tests:
// BASE_URL, ADMIN_KEY, VENUE_KEY, DEMO_CODES (JSON: name -> code), WEB_DIR, DATA_DIR. Returns the teardown,
// which fails the run if any page reported a Content-Security-Policy violation: the policy is on
// in every journey, and the server logs each report the browser sends it.
//
// Staff sign in through a real OpenID provider (tests/oidc/provider.mjs, npm's oidc-provider),
// started first on loopback: the server is told its issuer, and it is told the server's callback,
// so the server's port is chosen here rather than by the server.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A loopback port nobody listens on now. */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The test identity provider, once it listens; its process and issuer. */
async function startProvider(callback) {
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'oidc', 'provider.mjs');
  const provider = spawn(process.execPath, [script], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, PORT: '0', REDIRECT_URIS: callback },
  });
  const issuer = await new Promise((resolve, reject) => {
    let out = '';
    provider.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/^issuer (\S+)$/m);
      if (m) resolve(m[1]);
    });
    provider.on('exit', (code) => reject(new Error(`the identity provider exited with ${code}: ${out}`)));
  });
  return { provider, issuer };
}

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
  const port = await freePort();
  const { provider, issuer } = await startProvider(`http://127.0.0.1:${port}/api/v1/auth/callback`);
  const secret = join(tmp, 'oidc-client-secret');
  writeFileSync(secret, 'aktivitetskortet-secret\n');
  const server = spawn(
    bin,
    // Every test activates cards from this one address: more than a family would.
    ['--bind', `127.0.0.1:${port}`, '--metrics-bind', '127.0.0.1:0', '--data-dir', dataDir, '--web-dir', webDir, '--demo',
      '--activations-per-address', '1000',
      '--oidc-issuer', issuer, '--oidc-client-id', 'aktivitetskortet', '--oidc-client-secret-file', secret],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AK_LOG: process.env.AK_LOG || 'warn' },
    },
  );
  const violations = [];
  let log = '';
  server.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    log += chunk;
    const lines = log.split('\n');
    log = lines.pop();
    violations.push(...lines.filter((line) => line.includes('csp violation')));
  });
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
  process.env.DATA_DIR = dataDir;
  // A journey that provokes a violation on purpose writes its directive here, one per line.
  const expectedFile = join(tmp, 'csp-expected');
  process.env.CSP_EXPECTED_FILE = expectedFile;

  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    provider.kill('SIGTERM');
    const expected = existsSync(expectedFile)
      ? readFileSync(expectedFile, 'utf8').split('\n').filter(Boolean)
      : [];
    rmSync(tmp, { recursive: true, force: true });
    // Each provoked violation must have been reported (so this check can fail); nothing else may.
    const unexpected = [...violations];
    for (const directive of expected) {
      const i = unexpected.findIndex((line) => line.includes(`directive="${directive}"`)
        || line.includes(`directive=${directive}`));
      if (i < 0) throw new Error(`a provoked ${directive} violation was never reported`);
      unexpected.splice(i, 1);
    }
    if (unexpected.length) {
      throw new Error(`the Content-Security-Policy refused something:\n${unexpected.join('\n')}`);
    }
  };
}
