// Encryption at rest (ADR 0008), through the real app window:
// first start with a passphrase → the recovery key shown once → restart → the unlock screen
// refuses a wrong passphrase with its message and opens with the right one → the store file
// holds no member name in clear and no SQLite header → restart → unlock with the recovery key
// (which sets a new passphrase). Screens are scanned with axe-core and saved as screenshots.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { PASSPHRASE, acknowledgeRecovery, assertAccessible, fillPassphrase, launchApp, pageHelpers, startDriver } from './harness.mjs';

const PASSWORD = 'una clave bastante larga';
const NEW_PASSPHRASE = 'otra frase de paso para después';

let driver;
let browser;
let recoveryKey = '';
const { $, fill } = pageHelpers(() => browser);

describe('encryption at rest', () => {
  before(async () => {
    driver = await startDriver();
    browser = await launchApp();
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it('asks for a passphrase on first start and shows the recovery key once', async () => {
    await $('[data-testid="setup-submit"]', 20000);
    await fill('full_name', 'Secretaría General');
    await fill('username', 'sg');
    await fill('password', PASSWORD);
    await fill('password_repeat', PASSWORD);
    await fillPassphrase(browser);
    await assertAccessible(browser, 'enc-01-setup-passphrase');
    await (await $('[data-testid="setup-submit"]')).click();
    const key = await $('[data-testid="recovery-key"]', 60000);
    recoveryKey = await key.getText();
    assert.match(recoveryKey, /^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    // Continue only once the key is acknowledged.
    const go = await $('[data-testid="recovery-continue"]');
    assert.equal(await go.isEnabled(), false);
    await assertAccessible(browser, 'enc-02-recovery-key');
    await acknowledgeRecovery(browser);
    await $('[data-testid="current-user"]', 30000);
  });

  it('keeps no member name and no SQLite header in clear on disk', async () => {
    const bytes = readFileSync(driver.dbPath);
    assert.notEqual(bytes.subarray(0, 15).toString('latin1'), 'SQLite format 3');
    // A demo member's name (loaded at setup) and the schema's words are not in the file.
    for (const text of ['Instituto', 'CREATE TABLE', 'members']) {
      assert.equal(bytes.includes(Buffer.from(text, 'utf8')), false, `"${text}" is in clear in the store`);
    }
    const keys = readFileSync(`${driver.dbPath}.keys`, 'utf8');
    assert.match(keys, /"argon2id"/);
  });

  it('asks for the passphrase after a restart, refuses a wrong one, opens with the right one', async () => {
    await browser.deleteSession();
    browser = await launchApp();
    await $('[data-testid="unlock-submit"]', 20000);
    await assertAccessible(browser, 'enc-03-unlock');
    await fill('passphrase', 'no es la frase de paso');
    await (await $('[data-testid="unlock-submit"]')).click();
    const err = await $('[data-testid="unlock-error"]');
    assert.match(await err.getText(), /frase de paso no es correcta/);
    await assertAccessible(browser, 'enc-04-unlock-wrong');
    await fill('passphrase', PASSPHRASE);
    await (await $('[data-testid="unlock-submit"]')).click();
    await $('[data-testid="signin-submit"]', 20000);
  });

  it('opens with the recovery key, which sets a new passphrase', async () => {
    await browser.deleteSession();
    browser = await launchApp();
    await (await $('[data-testid="unlock-switch"]', 20000)).click();
    await fill('recovery_key', recoveryKey.toLowerCase());
    await fill('new_passphrase', NEW_PASSPHRASE);
    await fill('new_passphrase_repeat', NEW_PASSPHRASE);
    await assertAccessible(browser, 'enc-05-unlock-recovery');
    await (await $('[data-testid="unlock-submit"]')).click();
    await $('[data-testid="signin-submit"]', 20000);
    await fill('username', 'sg');
    await fill('password', PASSWORD);
    await (await $('[data-testid="signin-submit"]')).click();
    await $('[data-testid="current-user"]', 20000);
  });
});
