// The first-start story, through the real app window:
// first start → create the administrator → sign out and sign in → create a member institution
// → a bad e-mail shows its error on the field and saves nothing → search finds the new member
// → switch to English and the labels change → restart the app and the data is still there.
// Every screen visited passes an axe-core scan (no serious or critical violations) and is
// saved as a screenshot in tests/e2e/artifacts/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { acknowledgeRecovery, assertAccessible, fillPassphrase, launchApp, pageHelpers, startDriver, unlock } from './harness.mjs';

const cli = process.env.DESPACHO_CLI ?? path.join(path.dirname(process.env.DESPACHO_APP ?? ''), 'despacho-cli');
const PASSWORD = 'una clave bastante larga';

let driver;
let browser;
const { $, fill, setInput } = pageHelpers(() => browser);

/** Members in the store, read by despacho-cli from the app's own database file. */
function storedMembers() {
  const out = execFileSync(cli, ['--db', driver.dbPath, '--json', 'members', 'list', '--archived'], { encoding: 'utf8' });
  return JSON.parse(out);
}

const accessible = (name) => assertAccessible(browser, name);

async function signIn(username, password) {
  await fill('username', username);
  await fill('password', password);
  await (await $('[data-testid="signin-submit"]')).click();
}

describe('Despacho, first start to restart', () => {
  before(async () => {
    driver = await startDriver();
    browser = await launchApp();
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it('asks for the first administrator on an empty store', async () => {
    await $('[data-testid="setup-submit"]', 20000);
    assert.equal(await browser.execute(() => document.documentElement.lang), 'es');
    await accessible('01-setup');
    await fill('full_name', 'Secretaría General (pruebas)');
    await fill('username', 'sg');
    await fill('password', PASSWORD);
    await fill('password_repeat', PASSWORD);
    // Demo data is offered and checked by default.
    const demo = await $('[name="load_demo"]');
    assert.equal(await demo.isSelected(), true);
    await fillPassphrase(browser);
    await (await $('[data-testid="setup-submit"]')).click();
    await acknowledgeRecovery(browser);
    const who = await $('[data-testid="current-user"]', 20000);
    assert.match(await who.getText(), /Secretaría General \(pruebas\)/);
    await accessible('02-desk');
    assert.ok(storedMembers().length >= 25, 'the demo members are in the store');
  });

  it('signs out, refuses a wrong password, signs in', async () => {
    await (await $('[data-testid="sign-out"]')).click();
    await $('[data-testid="signin-submit"]');
    await signIn('sg', 'not the password');
    const err = await $('[data-testid="signin-error"]');
    assert.ok((await err.getText()).length > 0);
    await accessible('03-signin-error');
    await signIn('sg', PASSWORD);
    await $('[data-testid="current-user"]');
  });

  it('creates a member institution, refusing a bad e-mail first', async () => {
    await (await $('[data-testid="nav-members"]')).click();
    await $('[data-testid="members-table"]');
    await accessible('04-members');
    const before = storedMembers().length;

    await (await $('[data-testid="new-member"]')).click();
    await $('[data-testid="member-form"]');
    await fill('name', 'Instituto de Pruebas de Previsión Social');
    await fill('acronym', 'IPPS');
    await (await $('[name="country"]')).selectByAttribute('value', 'HN');
    await (await $('[name="category"]')).selectByAttribute('value', 'associate');
    await setInput('admission_date', '2024-03-15');
    await fill('email', 'enlace@@ipps');
    await (await $('[data-testid="save-member"]')).click();

    const error = await $('[data-testid="error-email"]');
    assert.ok((await error.getText()).length > 0, 'the e-mail error is shown');
    const email = await $('[name="email"]');
    assert.equal(await email.getAttribute('aria-invalid'), 'true', 'the e-mail field is marked');
    assert.equal(await email.getValue(), 'enlace@@ipps', 'the input is kept');
    assert.equal(storedMembers().length, before, 'nothing was saved');
    await accessible('05-validation-error');

    await fill('email', 'enlace@ipps.example.org');
    await (await $('[data-testid="save-member"]')).click();
    const title = await $('[data-testid="member-name"]');
    assert.equal(await title.getText(), 'Instituto de Pruebas de Previsión Social');
    await accessible('06-member-detail');
    const saved = storedMembers().find((m) => m.acronym === 'IPPS');
    assert.ok(saved, 'the member is in the store');
    assert.equal(saved.country, 'HN');
    assert.equal(saved.email, 'enlace@ipps.example.org');
    assert.equal(saved.admission_date, '2024-03-15');
    assert.equal(saved.category, 'associate');
    assert.equal(storedMembers().length, before + 1);
  });

  it('finds the new member by search', async () => {
    await (await $('[data-testid="nav-members"]')).click();
    await $('[data-testid="members-table"]');
    await fill('search', 'Pruebas de Previsión');
    await browser.waitUntil(async () => (await browser.$$('[data-testid="member-row"]')).length === 1, {
      timeout: 5000,
      timeoutMsg: 'the search did not narrow the list to one row',
    });
    const row = await $('[data-testid="member-row"]');
    assert.match(await row.getText(), /IPPS/);
    await accessible('07-search');
  });

  it('switches to English and the labels change', async () => {
    const nav = await $('[data-testid="nav-members"]');
    const spanish = await nav.getText();
    await (await $('[data-testid="language-switch"]')).selectByAttribute('value', 'en');
    await browser.waitUntil(async () => (await nav.getText()) !== spanish, { timeout: 5000, timeoutMsg: 'labels did not change' });
    assert.match(await nav.getText(), /Member/i);
    assert.equal(await browser.execute(() => document.documentElement.lang), 'en');
    await accessible('08-members-english');
  });

  it('keeps the data and the language across a restart', async () => {
    await browser.deleteSession();
    browser = await launchApp();
    // The store is encrypted and this machine keeps no key: the unlock screen comes first.
    await unlock(browser);
    await $('[data-testid="signin-submit"]', 20000);
    await signIn('sg', PASSWORD);
    const nav = await $('[data-testid="nav-members"]');
    await browser.waitUntil(async () => /Member/i.test(await nav.getText()), { timeout: 5000, timeoutMsg: 'English was not remembered' });
    await nav.click();
    await $('[data-testid="members-table"]');
    await fill('search', 'IPPS');
    await browser.waitUntil(async () => (await browser.$$('[data-testid="member-row"]')).length === 1, { timeout: 5000 });
    assert.match(await (await $('[data-testid="member-row"]')).getText(), /Instituto de Pruebas de Previsión Social/);
    await accessible('09-after-restart');
  });
});
