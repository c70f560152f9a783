// Measures Despacho in the real window on the ten-year store (issue 9). NOT a test and not run
// by CI: run it by hand (docs/PERFORMANCE.md), with a built app, under Xvfb:
//
//   cd tests/e2e && DISPLAY=:97 DESPACHO_APP=$CARGO_TARGET_DIR/release/despacho \
//     [BARE_WINDOW=$CARGO_TARGET_DIR/release/bare-window] [TEN_YEARS_DB=/tmp/despacho-ten-years-seed1.db] \
//     [TEN_YEARS_PASSWORD=…] [TEN_YEARS_PASSPHRASE=… when the copy is encrypted] \
//     node perf.measure.mjs [signin] [memory] [scroll]
//
// - signin: presses "Sign in" as `sg` (the generated store's administrator) and reads the
//   `despacho:sign-in-to-desk` measure the UI records (performance.now() from the button press to
//   two animation frames after the desk mounted with its data). First in a start of the app on
//   a new HOME (`sign_in_to_desk_first_run_ms`: the first start on a machine, every cache
//   empty), then in a second start on the same HOME (the first sign-in of a process, `cold`,
//   and four more signing out in between, `warm`). DROP_CACHES=1 (root) empties the kernel's
//   page cache before the second start.
// - memory: after signing in, idle on the desk, the proportional and resident memory (PSS, RSS
//   from /proc) of the app process and all its descendants (WebKitWebProcess,
//   WebKitNetworkProcess); with BARE_WINDOW, the same for the bare window, driven the same way
//   and drawn the same way: where Despacho turned WebKit's compositing off (no GPU; `rendering`
//   in the result), the bare window runs with WEBKIT_DISABLE_COMPOSITING_MODE=1 too
//   (`bare_rendering`; BARE_DEFAULT=1 leaves it on WebKit's default).
//   SMAPS=1 adds each process's ten largest mappings (PSS by file, [heap], [anonymous]).
// - scroll: the ledger (100,000 entries), then the audit log: scrolls the list programmatically,
//   one step per animation frame, and records the frames' durations (requestAnimationFrame
//   deltas): a steady scroll (120 px a frame) and a fling through the whole list. With
//   BARE_WINDOW, the same scrolls of a static 2,000-row table in the bare window: the floor of
//   the machine's rendering (software rendering under Xvfb is far from a workstation's GPU).
//
// Prints one JSON object with every figure. The store is copied into the driver's private data
// folder first (the app may write to it: sign-in counters, audit rows) and removed afterwards.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';
import { PASSPHRASE as HARNESS_PASSPHRASE, startDriver, unlock, webProcessVariable } from './harness.mjs';

const USER = 'sg';
const PASSWORD = process.env.TEN_YEARS_PASSWORD ?? 'contraseña de prueba 1';
// The passphrase of an encrypted copy of the store (default: the e2e harness's).
const PASSPHRASE = process.env.TEN_YEARS_PASSPHRASE ?? HARNESS_PASSPHRASE;
const app = process.env.DESPACHO_APP;
if (!app) throw new Error('set DESPACHO_APP to the built despacho binary');
const source = process.env.TEN_YEARS_DB ?? path.join(os.tmpdir(), 'despacho-ten-years-seed1.db');
if (!existsSync(source)) throw new Error(`${source} is missing: cargo bench -p despacho-core --bench ten_years, or despacho-cli generate`);
const modes = new Set(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['signin', 'memory', 'scroll']);
const DISABLE_COMPOSITING = 'WEBKIT_DISABLE_COMPOSITING_MODE';
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 10000);
const TYPE_MS = Number(process.env.TYPE_MS ?? 1000);


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The pids of `pid` and all its descendants, from /proc. */
function tree(pid) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch { /* gone */ }
  }
  const out = [];
  const walk = (p) => { out.push(p); for (const c of children.get(p) ?? []) walk(c); };
  walk(pid);
  return out;
}

/** The process running `binary` under the driver's private HOME. */
function findApp(binary, home) {
  const real = path.resolve(binary);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readlinkSync(`/proc/${d}/exe`) !== real) continue;
      const env = readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      if (env.includes(`HOME=${home}`)) return Number(d);
    } catch { /* not ours */ }
  }
  return null;
}

/** SMAPS=1: a process's PSS (KiB) by mapping (file, or [heap], [stack], anonymous), the largest ten. */
function byMapping(pid) {
  const totals = new Map();
  let name = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) name = head[1] || '[anonymous]';
    else if (line.startsWith('Pss:')) totals.set(name, (totals.get(name) ?? 0) + Number(line.split(/\s+/)[1]));
  }
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).slice(0, 10));
}

/**
 * How the window under `home` is drawn: `software` when its web process runs with WebKit's
 * compositing off (Despacho turns it off where there is no GPU: src-tauri/src/rendering.rs), else
 * `accelerated`.
 */
function renderingOf(home) {
  try {
    const value = webProcessVariable(home, DISABLE_COMPOSITING);
    return value !== null && value !== '0' ? 'software' : 'accelerated';
  } catch {
    return 'unknown'; // no web process found
  }
}

/** PSS and RSS (KiB) of every process of the tree, by name, and their sums. */
function memory(pid) {
  const processes = [];
  for (const p of tree(pid)) {
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      const kib = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
      const entry = { pid: p, name: readFileSync(`/proc/${p}/comm`, 'utf8').trim(), pss_kib: kib('Pss'), rss_kib: kib('Rss') };
      if (process.env.SMAPS) entry.largest_mappings_pss_kib = byMapping(p);
      processes.push(entry);
    } catch { /* gone */ }
  }
  const sum = (k) => processes.reduce((s, x) => s + x[k], 0);
  return { processes, pss_mib: +(sum('pss_kib') / 1024).toFixed(1), rss_mib: +(sum('rss_kib') / 1024).toFixed(1) };
}

async function session(binary, driver) {
  return remote({
    hostname: '127.0.0.1',
    port: driver.port,
    logLevel: 'error',
    capabilities: { 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: binary } },
  });
}

async function signIn(browser) {
  const user = await browser.$('[name="username"]');
  // An encrypted store (ADR 0008) first asks for its passphrase: unlocking is not timed.
  const passphrase = await browser.$('[name="passphrase"]');
  await browser.waitUntil(async () => (await user.isDisplayed()) || (await passphrase.isDisplayed()), {
    timeout: 60000,
    timeoutMsg: 'neither the sign-in nor the unlock screen appeared',
  });
  if (!(await user.isDisplayed())) await unlock(browser, PASSPHRASE);
  await user.waitForDisplayed({ timeout: 60000 });
  // WebDriver fills the fields in milliseconds; a person takes seconds to type a password, and
  // the app uses that time (the desk's pages are read while the sign-in screen waits). The
  // shortest such time is taken: TYPE_MS (default 1 s) after the screen appears.
  await sleep(TYPE_MS);
  await user.setValue(USER);
  await (await browser.$('[name="password"]')).setValue(PASSWORD);
  await browser.execute(() => performance.clearMeasures('despacho:sign-in-to-desk'));
  await (await browser.$('[data-testid="signin-submit"]')).click();
  await browser.waitUntil(
    () => browser.execute(() => performance.getEntriesByName('despacho:sign-in-to-desk').length > 0),
    { timeout: 60000, interval: 50, timeoutMsg: 'the desk was not painted' },
  );
  return browser.execute(() => performance.getEntriesByName('despacho:sign-in-to-desk').at(-1).duration);
}

/** Scrolls a virtualized list's viewport, one step a frame; returns the frames' durations (ms). */
async function scrollFrames(browser, viewportSelector, mode) {
  return browser.executeAsync((selector, how, done) => {
    const el = document.querySelector(selector);
    if (!el) return done({ error: `no ${selector}` });
    el.scrollTop = 0;
    const max = el.scrollHeight - el.clientHeight;
    const steps = how === 'fling' ? 600 : 400;
    const step = how === 'fling' ? Math.ceil(max / steps) : 120;
    const deltas = [];
    let last = 0;
    let n = 0;
    const frame = (t) => {
      if (last) deltas.push(t - last);
      last = t;
      if (n++ >= steps || el.scrollTop >= max) {
        const rows = el.querySelectorAll('tbody tr:not(.spacer)').length;
        return done({ deltas, scrolled_px: el.scrollTop, max_px: max, rows_in_dom: rows });
      }
      el.scrollTop = Math.min(max, el.scrollTop + step);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }, viewportSelector, mode);
}

function stats(deltas) {
  const s = [...deltas].sort((a, b) => a - b);
  const q = (p) => +s[Math.min(s.length - 1, Math.round((s.length - 1) * p))].toFixed(1);
  return { frames: s.length, p50_ms: q(0.5), p95_ms: q(0.95), p99_ms: q(0.99), max_ms: q(1), over_16_7ms: s.filter((d) => d > 16.7).length };
}

/** The steady scroll and the fling of one list, as `<name>_scroll_<how>` in the result. */
async function scrollBoth(browser, viewportSelector, name, withRows) {
  for (const how of ['steady', 'fling']) {
    const r = await scrollFrames(browser, viewportSelector, how);
    result[`${name}_scroll_${how}`] = r.error
      ? r
      : { ...stats(r.deltas), scrolled_px: r.scrolled_px, ...(withRows ? { rows_in_dom: r.rows_in_dom } : {}) };
  }
}

let work = null;
const result = { app, store: source, date: new Date().toISOString(), load: os.loadavg().map((x) => +x.toFixed(2)) };
try {
  const driver = await startDriver();
  // The app opens the store at its default place under the driver's private data folder.
  mkdirSync(path.dirname(driver.dbPath), { recursive: true });
  const copyStore = () => {
    copyFileSync(source, driver.dbPath);
    // An encrypted store's key file goes with it (`<store>.keys`, ADR 0008).
    if (existsSync(`${source}.keys`)) copyFileSync(`${source}.keys`, `${driver.dbPath}.keys`);
  };
  copyStore();
  work = driver.home;
  try {
    if (modes.has('signin')) {
      // The first start on this machine: the private HOME's caches are empty (Mesa's shader
      // cache among them: with software OpenGL, the desk's first paint compiles its shaders).
      // Every later start finds them, as a workstation's does after its first day.
      const first = await session(app, driver);
      try {
        result.sign_in_to_desk_first_run_ms = +(await signIn(first)).toFixed(1);
      } finally {
        await first.deleteSession().catch(() => {});
      }
      copyStore();
      // DROP_CACHES=1 (root): the later start also finds the kernel's page cache empty (the
      // store, the binary and the libraries read from disk, as after a reboot).
      if (process.env.DROP_CACHES) writeFileSync('/proc/sys/vm/drop_caches', '3\n');
    }
    const browser = await session(app, driver);
    // A scroll through the whole list may take minutes on a loaded machine.
    await browser.setTimeout({ script: 600000 });
    try {
      if (modes.has('signin') || modes.has('memory') || modes.has('scroll')) {
        const times = [];
        times.push(await signIn(browser));
        if (modes.has('signin')) {
          for (let i = 0; i < 4; i++) {
            await (await browser.$('[data-testid="sign-out"]')).click();
            times.push(await signIn(browser));
          }
          result.sign_in_to_desk_ms = {
            cold: +times[0].toFixed(1),
            warm: times.slice(1).map((t) => +t.toFixed(1)),
            page_cache_dropped: Boolean(process.env.DROP_CACHES),
          };
        }
      }
      const appPid = findApp(app, driver.home);
      result.rendering = renderingOf(driver.home);
      if (modes.has('memory')) {
        await sleep(SETTLE_MS);
        result.memory_desk = appPid ? memory(appPid) : { error: 'app process not found' };
      }
      if (modes.has('scroll')) {
        await (await browser.$('[data-testid="nav-finance"]')).click();
        await (await browser.$('[data-testid="finance-tab-ledger"]')).click();
        await (await browser.$('[data-testid="ledger-table"]')).waitForDisplayed({ timeout: 60000 });
        result.ledger_rows = await browser.execute(() => document.querySelector('[data-testid="ledger-table"]').getAttribute('aria-rowcount') - 1);
        await scrollBoth(browser, '[data-testid="ledger-table-viewport"]', 'ledger', true);
        await (await browser.$('[data-testid="nav-audit"]')).click();
        await (await browser.$('[data-testid="audit-table"]')).waitForDisplayed({ timeout: 60000 });
        result.audit_rows = await browser.execute(() => document.querySelector('[data-testid="audit-table"]').getAttribute('aria-rowcount') - 1);
        await scrollBoth(browser, '[data-testid="audit-table-viewport"]', 'audit', true);
      }
    } finally {
      await browser.deleteSession().catch(() => {});
    }
    if ((modes.has('memory') || modes.has('scroll')) && process.env.BARE_WINDOW) {
      // The floor is drawn the way Despacho's window was: where Despacho turned compositing off
      // (no GPU), the bare window gets the same variable, through a driver of its own.
      // BARE_DEFAULT=1 keeps WebKit's default for it instead (a default Tauri window).
      const same = result.rendering === 'software' && !process.env[DISABLE_COMPOSITING] && !process.env.BARE_DEFAULT;
      const bareDriver = same ? await startDriver(undefined, { [DISABLE_COMPOSITING]: '1' }) : driver;
      const bare = await session(process.env.BARE_WINDOW, bareDriver);
      try {
        const pid = findApp(process.env.BARE_WINDOW, bareDriver.home);
        result.bare_rendering = renderingOf(bareDriver.home);
        if (modes.has('memory')) {
          await sleep(SETTLE_MS);
          result.memory_bare = pid ? memory(pid) : { error: 'bare window process not found' };
          if (result.memory_desk?.pss_mib && result.memory_bare?.pss_mib) {
            result.memory_ratio_pss = +(result.memory_desk.pss_mib / result.memory_bare.pss_mib).toFixed(2);
            result.memory_ratio_rss = +(result.memory_desk.rss_mib / result.memory_bare.rss_mib).toFixed(2);
          }
        }
        if (modes.has('scroll')) {
          // The floor of this machine's rendering: a static table of the same size in view
          // (the ledger's region, 2,000 plain rows, nothing rendered by script), scrolled the same
          // way in the bare window.
          await bare.execute(() => {
            const box = document.createElement('div');
            box.id = 'floor';
            box.style.cssText = 'position:fixed;inset:240px 0 0 240px;overflow-y:auto;font:15px sans-serif;background:#fff';
            const rows = Array.from({ length: 2000 }, (_, i) =>
              `<tr><td>2024/${i}</td><td>15 ene 2024</td><td>Cuota 2024 — fila ${i}</td><td>CISS-2024-${i}</td><td>Ordinario</td><td>2</td><td>USD 18,000.00</td><td>18,000.00</td></tr>`);
            box.innerHTML = `<table style="width:100%;border-collapse:collapse">${rows.join('')}</table>`;
            document.body.append(box);
          });
          await scrollBoth(bare, '#floor', 'bare', false);
        }
      } finally {
        await bare.deleteSession().catch(() => {});
        if (bareDriver !== driver) await bareDriver.stop();
      }
    }
  } finally {
    await driver.stop();
  }
} catch (e) {
  result.error = String(e?.message ?? e).split('\n')[0];
  process.exitCode = 1;
} finally {
  if (work) rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(result, null, 2));
