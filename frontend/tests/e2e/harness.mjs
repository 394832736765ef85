// Shared pieces of the end-to-end tests: a private X display, processes in
// their own process group that are always torn down, screenshots of the
// real window, and waiting for a port.
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const artifactsDir = path.join(repoRoot, 'artifacts');
mkdirSync(artifactsDir, { recursive: true });

/** start runs a command in its own process group; stop() kills the whole group. */
export function start(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** startDisplay starts Xvfb on a free display number. */
export async function startDisplay(width = 1280, height = 860) {
  for (let n = 90 + Math.floor(Math.random() * 100); n < 400; n++) {
    if (existsSync(`/tmp/.X${n}-lock`)) continue;
    const xvfb = start('Xvfb', [`:${n}`, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp']);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (existsSync(`/tmp/.X11-unix/X${n}`)) return { display: `:${n}`, stop: () => xvfb.stop() };
      if (xvfb.child.exitCode !== null) break;
      await sleep(50);
    }
    await xvfb.stop();
  }
  throw new Error('could not start Xvfb on any display');
}

/** screenshot saves the whole X screen as a PNG and returns its unique colour count. */
export async function screenshot(display, file) {
  await run('import', ['-window', 'root', file], { env: { ...process.env, DISPLAY: display } });
  const { stdout } = await run('convert', [file, '-format', '%k', 'info:']);
  return Number.parseInt(stdout.trim(), 10);
}

/** waitForPort resolves once something accepts TCP connections on host:port. */
export async function waitForPort(port, host = '127.0.0.1', timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, host, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listened on ${host}:${port} within ${timeoutMs} ms`);
}

/** isolatedEnv gives the app a throwaway HOME so tests never touch real user data. */
export function isolatedEnv(extra = {}) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'shotdesk-e2e-home-'));
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    // No session bus: the keychain lookup fails fast and the app opens the demo organization.
    DBUS_SESSION_BUS_ADDRESS: 'disabled:',
    NO_AT_BRIDGE: '1',
    ...extra,
  };
  delete env.SHOTDESK_API_KEY;
  return { env, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** freePort asks the OS for a free loopback port. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * startApp runs the development build (build/bin/shotdesk-dev, `make build-dev`)
 * on a private Xvfb display with a throwaway HOME, serving the built UI with
 * working Go bindings on a free loopback port, and opens it in headless
 * Debian Chromium. It opens the demo organization (no API key). Call
 * close() in after(). `home` is the app's HOME (e.g. for its Downloads).
 */
export async function startApp({ extraEnv = {} } = {}) {
  const devBinary = path.join(repoRoot, 'build/bin/shotdesk-dev');
  if (!existsSync(devBinary)) throw new Error(`${devBinary} is missing: run make build-dev first`);
  const { chromium } = await import('playwright-core');
  const port = Number.parseInt(process.env.SHOTDESK_E2E_PORT ?? '', 10) || (await freePort());
  const x = await startDisplay();
  const iso = isolatedEnv({
    DISPLAY: x.display,
    assetdir: path.join(repoRoot, 'frontend/dist'),
    devserver: `127.0.0.1:${port}`,
    frontenddevserverurl: '',
    ...extraEnv,
  });
  const app = start(devBinary, [], { env: iso.env });
  let browser;
  try {
    await waitForPort(port);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    await app.stop();
    await x.stop();
    iso.cleanup();
    throw new Error(`${e.message}\napp output:\n${app.output()}`);
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  page.on('pageerror', (e) => console.log('# page error:', e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  return {
    page,
    browser,
    home: iso.env.HOME,
    output: () => app.output(),
    async close() {
      await browser?.close();
      await app.stop();
      await x.stop();
      iso.cleanup();
    },
  };
}
