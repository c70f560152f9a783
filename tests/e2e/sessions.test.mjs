// A Standing Committee session prepared and printed through the real app window:
// create the session, add five agenda items, move one, approve the agenda, print it — the
// printed PDF holds the items in the new order. Screens pass axe and are screenshotted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { acknowledgeRecovery, assertAccessible, fillPassphrase, launchApp, pageHelpers, startDriver } from './harness.mjs';

const PASSWORD = 'una clave bastante larga';
const TITLES = ['Apertura y quórum', 'Aprobación del orden del día', 'Informe de la Secretaría General', 'Presupuesto 2027', 'Clausura'];
const CPISS = '01940000-0000-7000-8000-000000000002';

let driver;
let browser;
const { $, fill, setInput } = pageHelpers(() => browser);

const accessible = (name) => assertAccessible(browser, name);

async function itemTitles() {
  const items = await browser.$$('[data-testid="agenda-item"]');
  const out = [];
  for (const item of items) out.push({ number: await item.getAttribute('data-number'), text: await item.getText() });
  return out;
}

describe('a Standing Committee session, from agenda to print', () => {
  before(async () => {
    driver = await startDriver();
    browser = await launchApp();
    await $('[data-testid="setup-submit"]', 20000);
    await fill('full_name', 'Jefatura de Oficina');
    await fill('username', 'jefatura');
    await fill('password', PASSWORD);
    await fill('password_repeat', PASSWORD);
    // An empty store: the standing bodies are there without demo data.
    await (await $('[name="load_demo"]')).click();
    await fillPassphrase(browser);
    await (await $('[data-testid="setup-submit"]')).click();
    await acknowledgeRecovery(browser);
    await $('[data-testid="current-user"]', 20000);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it('creates the session', async () => {
    await (await $('[data-testid="nav-sessions"]')).click();
    await (await $('[data-testid="new-session"]')).click();
    await $('[data-testid="session-form"]');
    await (await $('[name="body_id"]')).selectByAttribute('value', CPISS);
    // The body's next ordinal suggests the name.
    await browser.waitUntil(async () => (await (await $('[name="name"]')).getValue()).length > 0, { timeout: 5000, timeoutMsg: 'no suggested name' });
    await fill('name', 'CXII Reunión del Comité Permanente');
    await setInput('start_date', '2027-03-17');
    await setInput('start_time', '09:00');
    await fill('venue', 'Sede de la CISS, Ciudad de México');
    await accessible('s01-session-form');
    await (await $('[data-testid="save-session"]')).click();
    const name = await $('[data-testid="session-name"]');
    assert.match(await name.getText(), /CXII Reunión del Comité Permanente/);
  });

  it('adds five items and moves the last one up', async () => {
    for (const title of TITLES) {
      await (await $('[data-testid="add-item"]')).click();
      await $('[data-testid="item-form"]');
      await fill('title_es', title);
      await fill('duration_minutes', '20');
      await (await $('[data-testid="save-item"]')).click();
      await browser.waitUntil(async () => (await itemTitles()).some((i) => i.text.includes(title)), { timeout: 5000, timeoutMsg: `${title} was not added` });
    }
    let items = await itemTitles();
    assert.deepEqual(items.map((i) => i.number), ['1', '2', '3', '4', '5']);
    assert.match(items[1].text, /09:20/, 'start times follow the durations');
    await accessible('s02-agenda-builder');

    const last = items.length - 1;
    const fifth = (await browser.$$('[data-testid="agenda-item"]'))[last];
    await (await fifth.$('[data-testid="move-up"]')).click();
    await browser.waitUntil(async () => (await itemTitles())[3].text.includes('Clausura'), { timeout: 5000, timeoutMsg: 'the item did not move' });
    items = await itemTitles();
    assert.ok(items[3].text.includes('Clausura') && items[4].text.includes('Presupuesto 2027'));
  });

  it('approves the agenda', async () => {
    await (await $('[data-testid="approve-agenda"]')).click();
    await (await $('[data-testid="confirm"]')).click();
    const status = await $('[data-testid="agenda-status"]');
    await browser.waitUntil(async () => /aprobad/i.test(await status.getText()), { timeout: 5000, timeoutMsg: 'the agenda was not approved' });
    await accessible('s03-agenda-approved');
  });

  it('prints the agenda with the items in the new order', async () => {
    await (await $('[data-testid="tab-print"]')).click();
    await (await $('[data-testid="print-kind-agenda"]')).click();
    await (await $('[data-testid="print-agenda"]')).click();
    await $('[data-testid="print-summary"]', 30000);
    await $('[data-testid="print-preview"] canvas', 15000);
    await accessible('s04-print-preview');

    const prints = path.join(driver.home, 'data', 'despacho', 'prints');
    assert.ok(existsSync(prints), 'the PDF is kept in the data folder');
    const pdf = readdirSync(prints).find((f) => f.startsWith('orden-del-dia-') && f.endsWith('-es.pdf'));
    assert.ok(pdf, `no agenda PDF in ${readdirSync(prints)}`);
    const text = execFileSync('pdftotext', ['-layout', path.join(prints, pdf), '-'], { encoding: 'utf8' });
    const expected = ['Apertura y quórum', 'Aprobación del orden del día', 'Informe de la Secretaría General', 'Clausura', 'Presupuesto 2027'];
    let from = 0;
    for (const title of expected) {
      const at = text.indexOf(title, from);
      assert.ok(at >= 0, `${title} missing or out of order in the PDF:\n${text}`);
      from = at + title.length;
    }
    assert.ok(!text.includes('PROVISIONAL'), 'an approved agenda has no PROVISIONAL mark');
  });
});
