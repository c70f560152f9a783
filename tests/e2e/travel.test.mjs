// Travel mode through two real app windows, one after the other, each with its own data folder:
// an office store (A) and a laptop started from its snapshot (B) exchange bundles through one
// sync folder. An edit made in A appears in B; then the same field edited in both is a conflict
// in B's inbox with both values; B chooses; after the next exchange both stores hold the same
// data (the CLI's digest). Screens pass axe and are screenshotted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { assertAccessible, launchApp, pageHelpers, screenshot, startDriver, unlock } from './harness.mjs';

const PASSWORD = 'una clave bastante larga';
const cli = process.env.DESPACHO_CLI ?? path.join(path.dirname(process.env.DESPACHO_APP ?? ''), 'despacho-cli');
const ACRONYM = 'ISSV';
const FIRST = 'Instituto de Seguridad Social del Viaje';
const EDIT_A = 'Instituto del Viaje (editado en la oficina)';
const CONFLICT_A = 'Nombre elegido en la oficina';
const CONFLICT_B = 'Nombre elegido en el portátil';

let driver;
let browser;
const { $, fill } = pageHelpers(() => browser);
const accessible = (name) => assertAccessible(browser, name);

const work = mkdtempSync(path.join(os.tmpdir(), 'despacho-travel-'));
const folder = path.join(work, 'carpeta-sync');
const homeA = mkdtempSync(path.join(os.tmpdir(), 'despacho-e2e-a-'));
const homeB = mkdtempSync(path.join(os.tmpdir(), 'despacho-e2e-b-'));
const dbOf = (home) => path.join(home, 'data', 'despacho', 'despacho.db');
const dbA = dbOf(homeA);
const dbB = dbOf(homeB);

function despacho(db, args, input) {
  return execFileSync(cli, ['--db', db, '--json', ...args], { encoding: 'utf8', input });
}

function member(db) {
  const list = JSON.parse(despacho(db, ['members', 'list', '--search', ACRONYM]));
  assert.equal(list.length, 1, `one ${ACRONYM} in ${db}`);
  return list[0];
}

/** Starts the app of one installation, unlocks its encrypted store and signs in. */
async function open(home) {
  driver = await startDriver(home);
  browser = await launchApp();
  await unlock(browser);
  const submit = await $('[data-testid="signin-submit"]', 30000);
  await fill('username', 'sg');
  await fill('password', PASSWORD);
  await submit.click();
  await $('[data-testid="current-user"]', 30000);
}

/** Ends this installation's app; the harness's stop also ends what outlives the driver. */
async function close() {
  await browser?.deleteSession().catch(() => {});
  browser = undefined;
  await driver?.stop();
  driver = undefined;
}

/** Scrolls an element to the top of the window (for the screenshot). */
async function show(selector) {
  await browser.execute((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'start' }), selector);
}

/** Waits for a notice whose text matches. */
async function notice(re, timeout = 20000) {
  await browser.waitUntil(
    async () => {
      for (const n of await browser.$$('[data-testid="notice"]')) if (re.test(await n.getText())) return true;
      return false;
    },
    { timeout, timeoutMsg: `no notice matching ${re}` },
  );
}

async function openMember() {
  await (await $('[data-testid="nav-members"]')).click();
  await $('[data-testid="members-table"]', 15000);
  await fill('search', ACRONYM);
  await browser.waitUntil(async () => (await browser.$$('[data-testid="member-row"]')).length === 1, {
    timeout: 5000,
    timeoutMsg: `${ACRONYM} not found`,
  });
  await (await $('[data-testid="member-row"] a')).click();
  return $('[data-testid="member-name"]', 15000);
}

async function renameMember(name) {
  await openMember();
  await (await $('[data-testid="edit-member"]')).click();
  await $('[data-testid="member-form"]', 15000);
  await fill('name', name);
  await (await $('[data-testid="save-member"]')).click();
  const heading = await $('[data-testid="member-name"]', 15000);
  await browser.waitUntil(async () => (await heading.getText()) === name, { timeout: 10000, timeoutMsg: 'not saved' });
}

async function syncNow() {
  await (await $('[data-testid="nav-travel"]')).click();
  const button = await $('[data-testid="sync-now"]', 15000);
  await browser.waitUntil(async () => button.isEnabled(), { timeout: 10000, timeoutMsg: 'sync now stays disabled' });
  await button.click();
  await notice(/Sincronización terminada/);
  return (await $('[data-testid="sync-steps"]')).getText();
}

describe('travel: two installations meet through a sync folder', () => {
  before(() => {
    mkdirSync(folder, { recursive: true });
    mkdirSync(path.dirname(dbA), { recursive: true });
    despacho(dbA, ['init', '--admin', 'sg', '--full-name', 'Secretaría General', '--password-stdin'], `${PASSWORD}\n`);
    despacho(dbA, ['members', 'add', '--name', FIRST, '--acronym', ACRONYM, '--country', 'MX', '--category', 'titular', '--subregion', '1', '--admission-date', '2020-01-15', '--status', 'active']);
    despacho(dbA, ['sync', 'name', 'Oficina central']);
    const snap = path.join(work, 'snapshot.db');
    despacho(dbA, ['sync', 'snapshot', '--out', snap]);
    const laptop = JSON.parse(
      execFileSync(cli, ['--db', dbB, '--json', 'init', '--from-snapshot', snap, '--site-name', 'Portátil de misión'], { encoding: 'utf8' }),
    );
    assert.equal(
      JSON.parse(despacho(dbA, ['digest'])).digest,
      JSON.parse(despacho(dbB, ['digest'])).digest,
      'the laptop starts with the office data',
    );
    despacho(dbA, ['sync', 'peers', 'add', 'Portátil de misión', '--key', laptop.key]);
    despacho(dbB, ['sync', 'folder', folder]);
  });

  // A test that fails leaves no app open behind it (one app per store).
  afterEach(async () => {
    await close();
  });

  after(async () => {
    await close();
    // The sync folder and the snapshot (the two installations' data folders go with the harness's).
    rmSync(work, { recursive: true, force: true });
  });

  it('office: sets the sync folder, edits a member, syncs now', async () => {
    await open(homeA);
    await (await $('[data-testid="nav-travel"]')).click();
    await $('[data-testid="site-key"]', 15000);
    assert.equal(await (await $('[data-testid="site-name"]')).getText(), 'Oficina central');
    assert.match(await (await $('[data-testid="peers-table"]')).getText(), /Portátil de misión/);
    assert.equal(await (await $('[data-testid="sync-now"]')).isEnabled(), false, 'no folder yet');
    // A folder that does not exist is refused on its field.
    await fill('folder', path.join(work, 'no-existe'));
    await (await $('[data-testid="folder-save"]')).click();
    assert.match(await (await $('[data-testid="error-folder"]')).getText(), /no existe/);
    await fill('folder', folder);
    await (await $('[data-testid="folder-save"]')).click();
    await notice(/Carpeta de sincronización/);
    await accessible('t01-travel-office');
    await renameMember(EDIT_A);
    const steps = await syncNow();
    assert.match(steps, /Paquete n\.º 1 para Portátil de misión/);
    await show('[data-testid="sync-progress"]');
    await accessible('t02-office-synced');
    await close();
  });

  it('laptop: imports at start and shows the edit; edits the same field without syncing', async () => {
    await open(homeB);
    await notice(/Sincronización al iniciar: 1 paquete/);
    const name = await openMember();
    assert.equal(await name.getText(), EDIT_A);
    await (await $('[data-testid="nav-travel"]')).click();
    const row = await $('[data-testid="peer-Oficina central"]', 15000);
    assert.match(await row.getText(), /n\.º 1/);
    await screenshot(browser, 't03-laptop-after-start');
    await renameMember(CONFLICT_B);
    await close();
  });

  it('office: edits the same field and syncs now', async () => {
    await open(homeA);
    await renameMember(CONFLICT_A);
    await syncNow();
    await close();
  });

  it('laptop: the conflict is in the inbox with both values; the laptop keeps its own', async () => {
    await open(homeB);
    await notice(/1 conflicto/);
    await (await $('[data-testid="nav-travel"]')).click();
    const c = await $('[data-testid="conflict"]', 15000);
    const text = await c.getText();
    assert.match(text, /Miembro/);
    assert.match(text, /Campo: Nombre/);
    const here = await c.$('[data-testid="side-local"]');
    const there = await c.$('[data-testid="side-remote"]');
    assert.equal(await (await here.$('[data-testid="value"]')).getText(), CONFLICT_B);
    assert.equal(await (await there.$('[data-testid="value"]')).getText(), CONFLICT_A);
    assert.match(await there.getText(), /Secretaría General en Oficina central/);
    // The office's edit was later: it is the provisional winner.
    assert.ok(await there.$('[data-testid="provisional"]').isExisting(), 'the later edit is provisional');
    await show('[data-testid="conflict-inbox"]');
    await accessible('t04-conflict-inbox');
    await (await here.$('[data-testid="keep-local"]')).click();
    await $('[data-testid="conflicts-empty"]', 15000);
    await syncNow();
    await (await $('[data-testid="conflicts-resolved"] summary')).click();
    await show('[data-testid="conflict-inbox"]');
    await accessible('t05-conflict-resolved');
    const name = await openMember();
    assert.equal(await name.getText(), CONFLICT_B);
    await close();
  });

  it('office: takes the choice at start; both stores hold the same data', async () => {
    await open(homeA);
    await notice(/Sincronización al iniciar/);
    const name = await openMember();
    assert.equal(await name.getText(), CONFLICT_B);
    await (await $('[data-testid="nav-travel"]')).click();
    await (await $('[data-testid="sync-prepare"]', 15000)).click();
    const verdict = await $('[data-testid="travel-verdict"]', 20000);
    assert.match(await verdict.getText(), /Listo para viajar/);
    await show('[data-testid="travel-check"]');
    await accessible('t06-prepare-for-travel');
    await close();
    // The laptop takes the office's last bundle (its sign-in is audited, and audit rows travel)
    // from the command line, which signs nobody in.
    const run = JSON.parse(despacho(dbB, ['sync', 'folder', '--run']));
    assert.ok(run.items.some((i) => i.outcome === 'imported'), JSON.stringify(run));
    assert.equal(member(dbA).name, CONFLICT_B);
    assert.equal(member(dbB).name, CONFLICT_B);
    assert.equal(
      JSON.parse(despacho(dbA, ['digest'])).digest,
      JSON.parse(despacho(dbB, ['digest'])).digest,
      'both stores hold the same synced data',
    );
    const open_ = JSON.parse(despacho(dbA, ['conflicts', 'list']));
    assert.deepEqual(open_, [], 'the conflict is resolved on the office too');
  });
});
