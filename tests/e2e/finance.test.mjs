// Managing & Finances through the real app window, on the demo's three fiscal years:
// a member in arrears pays and its vote returns; the projection's inflation driver moves the
// totals; the statements print. Screens pass axe and are screenshotted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { acknowledgeRecovery, assertAccessible, fillPassphrase, launchApp, pageHelpers, screenshot, startDriver, takeScreenshot } from './harness.mjs';

const PASSWORD = 'una clave bastante larga';

let driver;
let browser;
const { $, fill } = pageHelpers(() => browser);
const accessible = (name) => assertAccessible(browser, name);

/** The text of an element, once it is displayed. */
async function text(selector) {
  return (await $(selector)).getText();
}

describe('finance: dues and voting rights, the projection', () => {
  before(async () => {
    driver = await startDriver();
    browser = await launchApp();
    await $('[data-testid="setup-submit"]', 20000);
    await fill('full_name', 'Secretaría General');
    await fill('username', 'sg');
    await fill('password', PASSWORD);
    await fill('password_repeat', PASSWORD);
    // The demo data is offered on first start: keep it (three fiscal years of finance).
    assert.equal(await (await $('[name="load_demo"]')).isSelected(), true);
    await fillPassphrase(browser);
    await (await $('[data-testid="setup-submit"]')).click();
    await acknowledgeRecovery(browser);
    await $('[data-testid="current-user"]', 30000);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => {});
    await driver?.stop();
  });

  it('shows the members in arrears without the vote', async () => {
    await (await $('[data-testid="nav-finance"]')).click();
    await $('[data-testid="dues-table"]', 20000);
    const vote = await $('[data-testid="vote-CNS"]');
    assert.equal(await vote.getAttribute('data-may-vote'), 'false');
    assert.match(await text('[data-testid="owed-CNS"]'), /45,000\.00/);
    // A member with a payment plan keeps its vote; one that pays on time votes.
    assert.equal(await (await $('[data-testid="vote-IHSS"]')).getAttribute('data-may-vote'), 'true');
    assert.equal(await (await $('[data-testid="vote-IMSS"]')).getAttribute('data-may-vote'), 'true');
    await accessible('f01-dues');
  });

  it('records a payment and the vote returns', async () => {
    await (await $('[data-testid="pay-CNS"]')).click();
    await $('[data-testid="payment-dialog"]');
    const amount = await $('[data-testid="payment-amount"]');
    // The dialog proposes what is owed.
    assert.match(await amount.getValue(), /^45,?000\.00$/);
    await accessible('f02-payment');
    await (await $('[data-testid="payment-save"]')).click();
    await browser.waitUntil(
      async () => (await (await browser.$('[data-testid="vote-CNS"]')).getAttribute('data-may-vote')) === 'true',
      { timeout: 10000, timeoutMsg: 'the vote did not return after paying' },
    );
    assert.match(await text('[data-testid="owed-CNS"]'), /0\.00/);
  });

  it('moves the projection when inflation changes', async () => {
    await (await $('[data-testid="finance-tab-projection"]')).click();
    await $('[data-testid="projection-view"]', 20000);
    const years = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="total-expense-base-"]')].map((e) => e.getAttribute('data-testid').replace('total-expense-base-', '')),
    );
    assert.equal(years.length, 3, 'a triennial projection');
    const last = `[data-testid="total-expense-base-${years[2]}"]`;
    const before = await text(last);
    await accessible('f03-projection');
    const input = await $('[data-testid="driver-inflation-base"]');
    const was = await input.getValue();
    await input.clearValue();
    await input.setValue('9');
    await browser.keys('Enter');
    await browser.waitUntil(async () => (await text(last)) !== before, {
      timeout: 10000,
      timeoutMsg: `the expense total stayed at ${before} after inflation went from ${was} % to 9 %`,
    });
    const digits = (s) => Number(s.replace(/[^0-9.-]/g, ''));
    assert.ok(digits(await text(last)) > digits(before), 'more inflation, more expense');
  });

  it('shows the budget against actual', async () => {
    await (await $('[data-testid="finance-tab-budget"]')).click();
    await $('[data-testid="budget-table"]', 20000);
    await $('[data-testid="budget-line-1.1"]');
    await accessible('f04-budget');
  });

  it('shows last year\'s statements balanced, and previews them as a PDF', async () => {
    await (await $('[data-testid="finance-tab-statements"]')).click();
    const banner = await $('[data-testid="statements-balanced"]', 20000);
    assert.equal(await banner.getAttribute('data-ok'), 'true');
    assert.match(await text('[data-testid="statements-total-assets"]'), /\d{3},\d{3}\.\d{2}/);
    await accessible('f05-statements');
    const preview = await $('[data-testid="report-preview"]');
    await preview.scrollIntoView({ block: 'center' });
    await preview.click();
    // The PDF is rendered in Rust and its first pages drawn in the window.
    await $('[data-testid="print-preview"] canvas', 60000);
    assert.match(await text('[data-testid="print-summary"]'), /\d+/);
    await accessible('f06-statements-preview');
  });

  it('scrolls through the journal', async () => {
    await (await $('[data-testid="finance-tab-ledger"]')).click();
    await $('[data-testid="ledger-table"]', 20000);
    await browser.waitUntil(async () => (await text('[data-testid="ledger-range"]')) !== '', { timeout: 10000, timeoutMsg: 'the range was not shown' });
    const range = await text('[data-testid="ledger-range"]');
    // The ledger is one virtualized table: scrolling its region to the end renders the oldest
    // entries (the journal's last row) and moves the range.
    const rowCount = Number(await (await $('[data-testid="ledger-table"]')).getAttribute('aria-rowcount'));
    // The table fits its region at the window's 1280 px (no sideways scroll), its columns keep
    // their widths whichever rows are rendered, and the header drawn above the region lines up
    // with them.
    const layout = () => browser.execute(() => {
      const viewport = document.querySelector('[data-testid="ledger-table-viewport"]');
      const head = document.querySelector('[data-testid="ledger-table-head"]');
      const widths = (cells) => [...cells].map((c) => Math.round(c.getBoundingClientRect().width));
      const box = head.getBoundingClientRect();
      return {
        overflow: viewport.scrollWidth - viewport.clientWidth,
        // The drawn header ends where the region's rows begin.
        headerGap: Math.round(viewport.getBoundingClientRect().top + viewport.clientTop - box.bottom),
        header: { top: Math.round(box.top), left: Math.round(box.left), width: Math.round(box.width) },
        columns: widths(head.querySelectorAll('th')),
        firstRow: widths(viewport.querySelector('tbody tr:not(.spacer)').children),
        dpr: window.devicePixelRatio,
      };
    });
    const before = await layout();
    assert.ok(before.overflow <= 0, `the ledger is ${before.overflow} px wider than its region`);
    assert.equal(before.columns.length, 8);
    assert.deepEqual(before.columns, before.firstRow, 'the header does not line up with the rows');
    assert.equal(before.headerGap, 0);
    // To the end with the keyboard, as a person does (WebKit scrolls it smoothly).
    await (await $('[data-testid="ledger-table-viewport"]')).click();
    await browser.keys(['End']);
    await browser.waitUntil(async () => (await text('[data-testid="ledger-range"]')) !== range, { timeout: 10000, timeoutMsg: 'the range did not move when scrolling' });
    await browser.waitUntil(
      async () => (await browser.$(`[data-testid="ledger-table"] tr[aria-rowindex="${rowCount}"][data-testid^="ledger-row-"]`)).isExisting(),
      { timeout: 10000, timeoutMsg: 'the last entry was not rendered after scrolling to the end' },
    );
    await browser.pause(1000);
    const after = await layout();
    assert.deepEqual(after.columns, before.columns, 'the columns changed width while scrolling');
    assert.deepEqual(after.firstRow, before.columns, 'the rows do not line up with the header after scrolling');
    assert.ok(after.overflow <= 0, `the ledger is ${after.overflow} px wider than its region after scrolling`);
    assert.equal(after.headerGap, 0);
    // What is painted, not only laid out: the header's top band is the header's background, no
    // row painted over it. (With the header sticky inside the region, WebKitGTK snapped the header
    // and the scrolled rows to different pixels: a line of the rows showed above the header.)
    const png = PNG.sync.read(Buffer.from(await takeScreenshot(browser), 'base64'));
    const band = [];
    for (let dy = 1; dy <= 6; dy++) {
      for (let x = after.header.left + 2; x < after.header.left + after.header.width - 2; x += 3) {
        const i = (Math.round((after.header.top + dy) * after.dpr) * png.width + Math.round(x * after.dpr)) * 4;
        band.push([png.data[i], png.data[i + 1], png.data[i + 2]]);
      }
    }
    const background = [0xe4, 0xe9, 0xf0];
    const off = band.filter((px) => px.some((v, k) => Math.abs(v - background[k]) > 8));
    assert.equal(off.length, 0, `${off.length} of ${band.length} pixels of the header's top band are not its background: ${JSON.stringify(off.slice(0, 5))}`);
    await screenshot(browser, 'f07-ledger-end');
    await accessible('f07-ledger');
  });
});
