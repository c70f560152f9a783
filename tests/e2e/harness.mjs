// Drives the real Despacho binary: tauri-driver (which starts WebKitWebDriver) under Xvfb,
// WebdriverIO in classic WebDriver mode, a private data folder per run, axe-core scans and
// screenshots of every screen visited.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { remote } from 'webdriverio';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const artifacts = path.join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

const app = process.env.DESPACHO_APP ?? path.resolve(here, '../../target/debug/despacho');

/** The passphrase of every store the e2e tests create (ADR 0008). */
export const PASSPHRASE = 'frase de paso de las pruebas e2e';
// The CLI calls of the tests read it from the environment (the automation hook); the app
// itself never does: it asks on its setup and unlock screens.
process.env.DESPACHO_PASSPHRASE = PASSPHRASE;

function waitForPort(port, timeoutMs) {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.end(); resolve(); });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > until) reject(new Error(`nothing listens on port ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/** A TCP port nobody listens on now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

let driverPort = 0;

/**
 * The private data folders this test file created. When the file ends — normally, or stopped by
 * the runner after a test timed out, before its `after` hooks — whatever still runs under them
 * (an app, its WebKit processes, tauri-driver) is killed and the folders are removed, so that a
 * hung test leaves nothing running beside the next files. E2E_KEEP_HOME=1 keeps the folders.
 */
const homes = new Set();
function cleanUp() {
  for (const home of homes) {
    signalAll(home, 'SIGKILL');
    if (!process.env.E2E_KEEP_HOME) rmSync(home, { recursive: true, force: true });
  }
  homes.clear();
}
process.once('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    cleanUp();
    process.exit(128 + os.constants.signals[signal]);
  });
}

/**
 * Starts tauri-driver on free ports (so that two runs on one machine cannot meet) with a fresh
 * data folder (or `existingHome`, to start an installation again); the app it launches
 * inherits the environment, changed by `extraEnv`.
 */
export async function startDriver(existingHome, extraEnv = {}) {
  const home = existingHome ?? mkdtempSync(path.join(os.tmpdir(), 'despacho-e2e-'));
  homes.add(home);
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
  };
  delete env.DESPACHO_DB;
  // `extraEnv`: variables added, or removed where the value is undefined.
  for (const [key, value] of Object.entries(extraEnv)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  driverPort = await freePort();
  let nativePort = await freePort();
  while (nativePort === driverPort) nativePort = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(driverPort), '--native-port', String(nativePort)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  driver.stdout.on('data', (d) => { log += d; });
  driver.stderr.on('data', (d) => { log += d; });
  await waitForPort(driverPort, 15000);
  return {
    home,
    port: driverPort,
    dbPath: path.join(home, 'data', 'despacho', 'despacho.db'),
    log: () => log,
    stop: () => stopAll(driver, home),
  };
}

/** Sends `signal` to every process under `home` but this one; returns how many there were. */
function signalAll(home, signal) {
  const left = processesOf(home).filter((pid) => pid !== process.pid);
  for (const pid of left) {
    try { process.kill(pid, signal); } catch { /* already gone */ }
  }
  return left.length;
}

/**
 * The value of the environment variable `name` in the WebKit web process under `home` (the
 * process that draws the page), or null when it is not set there.
 */
export function webProcessVariable(home, name) {
  for (const pid of processesOf(home)) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'WebKitWebProces') continue; // comm: 15 characters
      const entry = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((v) => v.startsWith(`${name}=`));
      return entry === undefined ? null : entry.slice(name.length + 1);
    } catch {
      // gone
    }
  }
  throw new Error(`no WebKitWebProcess under ${home}`);
}

/** The processes that carry this data folder in their environment: the app, its WebKit helpers. */
export function processesOf(home) {
  const pids = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`HOME=${home}`)) pids.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/**
 * Stops tauri-driver, then whatever of the installation outlived it (an app whose window closed
 * but whose process stayed, a defunct WebKitWebDriver), and lets go of the driver's output, so
 * that a test file ends when its tests do.
 */
async function stopAll(driver, home) {
  const exited = new Promise((resolve) => {
    if (driver.exitCode !== null || driver.signalCode !== null) resolve();
    else driver.once('exit', resolve);
  });
  driver.kill();
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  for (let round = 0; round < 20; round++) {
    if (signalAll(home, round < 10 ? 'SIGTERM' : 'SIGKILL') === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  driver.stdout?.destroy();
  driver.stderr?.destroy();
}

/** Opens a WebDriver session on the real app window. */
export async function launchApp() {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: driverPort,
    logLevel: 'warn',
    connectionRetryCount: 2,
    capabilities: {
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: app },
    },
  });
  // The GTK print dialog would block the test: never open it.
  await browser.execute(() => { window.print = () => {}; });
  return browser;
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function axeScan(browser) {
  await browser.execute(axeSource);
  const result = await browser.executeAsync((done) => {
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ['violations'] }).then(
      (r) => done(JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })))),
      (e) => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])),
    );
  });
  return JSON.parse(result).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * The window's pixels as a PNG (base64). WebKitGTK takes a WebDriver screenshot after the page's
 * next presentation update. With compositing off (ADR 0009: no GPU, as under Xvfb) a page left
 * idle after a long operation (the first start's store creation) sometimes never presents one
 * for that request, though the screen itself is painted: the request then waits forever. While
 * it waits, a repaint that changes no pixel (an outline at 1/1000 opacity on the root, toggled)
 * lets it through.
 */
export async function takeScreenshot(browser) {
  const pending = browser.takeScreenshot();
  let nudges = 0;
  let png = null;
  while (png === null) {
    png = await Promise.race([pending, new Promise((r) => setTimeout(() => r(null), 3000))]);
    if (png === null && nudges === 10) png = await pending;
    if (png === null) {
      nudges++;
      await browser.execute((on) => {
        document.documentElement.style.outline = on ? '1px solid rgba(0, 0, 0, 0.001)' : '';
      }, nudges % 2 === 1);
    }
  }
  if (nudges % 2 === 1) await browser.execute(() => { document.documentElement.style.outline = ''; });
  if (nudges > 0) console.error(`screenshot: no presentation update for ${nudges * 3} s; a repaint let it through`);
  return png;
}

/** Saves a screenshot of the window under tests/e2e/artifacts/. */
export async function screenshot(browser, name) {
  await browser.pause(300);
  const file = path.join(artifacts, `${name}.png`);
  writeFileSync(file, Buffer.from(await takeScreenshot(browser), 'base64'));
  return file;
}

/** Helpers bound to one WebDriver session: wait for an element, fill a field, set a date/time input. */
export function pageHelpers(getBrowser) {
  async function $(selector, timeout = 10000) {
    const browser = getBrowser();
    const el = await browser.$(selector);
    try {
      await el.waitForDisplayed({ timeout });
    } catch (e) {
      await screenshot(browser, `failed-waiting-for-${selector.replace(/[^a-z0-9-]+/gi, '_')}`).catch(() => {});
      throw e;
    }
    return el;
  }
  async function fill(name, value) {
    const el = await $(`[name="${name}"]`);
    await el.clearValue();
    await el.setValue(value);
  }
  /** Date and time inputs take keyboard entry in the locale's segment order; set the ISO value as a picker would. */
  async function setInput(name, value) {
    await $(`[name="${name}"]`);
    await getBrowser().execute((n, v) => {
      const el = document.querySelector(`[name="${n}"]`);
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, name, value);
  }
  return { $, fill, setInput };
}

/** Fails when axe-core finds serious or critical violations; saves a screenshot either way. */
export async function assertAccessible(browser, name) {
  const violations = await axeScan(browser);
  await screenshot(browser, name);
  assert.deepEqual(violations, [], `${name}: axe found serious or critical violations:\n${JSON.stringify(violations, null, 2)}`);
}

/**
 * First start, the part about encryption: fills the passphrase of the setup form (call it
 * before clicking setup-submit), then `acknowledgeRecovery` after it.
 */
export async function fillPassphrase(browser, passphrase = PASSPHRASE) {
  for (const name of ['passphrase', 'passphrase_repeat']) {
    const el = await browser.$(`[name="${name}"]`);
    await el.waitForDisplayed({ timeout: 10000 });
    await el.clearValue();
    await el.setValue(passphrase);
  }
}

/** The recovery key shown once after the first start: ticks "saved" and goes on; returns the key. */
export async function acknowledgeRecovery(browser) {
  const key = await browser.$('[data-testid="recovery-key"]');
  await key.waitForDisplayed({ timeout: 60000 });
  const text = await key.getText();
  await (await browser.$('[name="recovery_saved"]')).click();
  await (await browser.$('[data-testid="recovery-continue"]')).click();
  return text;
}

/** The unlock screen of a later start: enters the passphrase and waits for the next screen. */
export async function unlock(browser, passphrase = PASSPHRASE) {
  const el = await browser.$('[name="passphrase"]');
  await el.waitForDisplayed({ timeout: 20000 });
  await el.setValue(passphrase);
  await (await browser.$('[data-testid="unlock-submit"]')).click();
  await browser.$('[data-testid="unlock-submit"]').then((b) => b.waitForExist({ reverse: true, timeout: 20000 }));
}
