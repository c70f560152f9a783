// Elections through the real app window, on the demo's call for the election of authorities:
// record a postulation without its work plan, see the work-plan requirement "not met" with its
// reason in the matrix and in the report, then print the eligibility report — the printed PDF
// says so too. Screens pass axe and are screenshotted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { acknowledgeRecovery, assertAccessible, fillPassphrase, launchApp, pageHelpers, startDriver } from './harness.mjs';

const PASSWORD = 'una clave bastante larga';
const CANDIDATE = 'Rosa Elena Quintana Duarte';
const WORK_PLAN = 'Plan de trabajo para el periodo';
const NOT_PRESENTED = 'Documento no presentado.';

let driver;
let browser;
const { $, fill, setInput } = pageHelpers(() => browser);
const accessible = (name) => assertAccessible(browser, name);

/** `days` before today, as `YYYY-MM-DD` in local time (the demo's call closed 15 days ago). */
function daysAgo(days) {
  const d = new Date();
  d.setDate(d.getDate() - days);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The matrix cell of the candidate under the requirement whose column heading holds `requirement`. */
function matrixCell(candidate, requirement) {
  return browser.execute((name, text) => {
    const row = [...document.querySelectorAll('[data-testid="matrix-row"]')].find((r) => r.dataset.candidate === name);
    if (!row) return null;
    const headers = [...row.closest('table').querySelectorAll('[data-testid="matrix-requirement"]')];
    const i = headers.findIndex((h) => h.textContent.includes(text));
    const cell = row.querySelectorAll('[data-testid="matrix-cell"]')[i];
    return cell ? { verdict: cell.dataset.verdict, requirement: cell.dataset.requirement, title: cell.title, text: cell.textContent.trim() } : null;
  }, candidate, requirement);
}

describe('elections: a postulation without its work plan, the matrix and the printed report', () => {
  before(async () => {
    driver = await startDriver();
    browser = await launchApp();
    await $('[data-testid="setup-submit"]', 20000);
    await fill('full_name', 'Secretaría General');
    await fill('username', 'sg');
    await fill('password', PASSWORD);
    await fill('password_repeat', PASSWORD);
    // The demo data is offered on first start: keep it (it holds a call with seven postulations).
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

  it('opens the demo election call', async () => {
    await (await $('[data-testid="nav-elections"]')).click();
    await $('[data-testid="calls-table"]', 20000);
    const rows = await browser.$$('[data-testid="call-row"]');
    assert.equal(rows.length, 1, 'the demo has one election call');
    assert.match(await rows[0].getText(), /Convocatoria para la elección de autoridades/);
    await accessible('e01-calls');
    await (await $('[data-testid="call-row"] a')).click();
    const heading = await $('[data-testid="call-heading"]', 15000);
    assert.match(await heading.getText(), /Convocatoria para la elección de autoridades/);
    assert.match(await (await $('[data-testid="call-status"]')).getText(), /Cerrada/);
    await $('[data-testid="postulations-table"]');
    assert.ok((await browser.$$('[data-testid="postulation-row"]')).length >= 5, 'the demo call has its postulations');
    await accessible('e02-postulations');
    await (await $('[data-testid="call-tab-positions"]')).click();
    await $('[data-testid="requirements-table"]');
    await accessible('e03-positions');
  });

  it('records a postulation without its work plan', async () => {
    await (await $('[data-testid="call-tab-postulations"]')).click();
    await (await $('[data-testid="postulation-new"]')).click();
    await $('[data-testid="postulation-dialog"]');
    await (await $('[data-testid="postulation-position"]')).selectByVisibleText('Presidencia');
    await fill('candidate_name', CANDIDATE);
    await (await $('[data-testid="postulation-nationality"]')).selectByAttribute('value', 'CO');
    await (await $('[data-testid="nominator-filter"]')).setValue('IMSS');
    await (await $('[data-testid="nominator-option"][data-acronym="IMSS"]')).click();
    // Received within the period (the demo's call closed 15 days ago).
    await setInput('received_on', daysAgo(20));
    await accessible('e04-postulation-form');
    await (await $('[data-testid="postulation-save"]')).click();
    await browser.waitUntil(
      async () => {
        for (const row of await browser.$$('[data-testid="postulation-row"]')) {
          if ((await row.getText()).includes(CANDIDATE)) return true;
        }
        return false;
      },
      { timeout: 15000, timeoutMsg: 'the new postulation is not listed' },
    );
    // No document was presented with it.
    const row = await browser.$(`//tr[@data-testid="postulation-row"][contains(., "${CANDIDATE}")]`);
    assert.match(await row.getText(), /Ninguno/);
  });

  it('shows the work-plan requirement "not met" in the matrix, with its reason', async () => {
    await (await $('[data-testid="call-tab-matrix"]')).click();
    await $(`[data-testid="matrix-row"][data-candidate="${CANDIDATE}"]`);
    const plan = await matrixCell(CANDIDATE, WORK_PLAN);
    assert.ok(plan, 'the work-plan cell of the new candidate is in the matrix');
    assert.equal(plan.verdict, 'not_met');
    assert.equal(plan.title, NOT_PRESENTED);
    assert.match(plan.text, /✗/);
    assert.match(plan.text, /No cumple/);
    // The other rules are met from the data: received in time, nominated by a titular member.
    const received = await matrixCell(CANDIDATE, 'recibida a más tardar');
    assert.equal(received?.verdict, 'met');
    await accessible('e05-matrix');

    await (await $(`[data-testid="matrix-row"][data-candidate="${CANDIDATE}"] [data-requirement="${plan.requirement}"]`)).click();
    const dialog = await $('[data-testid="cell-dialog"]');
    assert.match(await (await dialog.$('[data-testid="cell-verdict"]')).getText(), /No cumple/);
    assert.equal(await (await dialog.$('[data-testid="cell-reason"]')).getText(), NOT_PRESENTED);
    assert.match(await dialog.getText(), new RegExp(WORK_PLAN));
    await accessible('e06-matrix-cell');
    await browser.keys(['Escape']);
    await browser.waitUntil(async () => !(await (await browser.$('[data-testid="cell-dialog"]')).isDisplayed()), {
      timeout: 5000,
      timeoutMsg: 'the cell dialog did not close',
    });
  });

  it('says so in the eligibility report, and in the printed report', async () => {
    await (await $('[data-testid="call-tab-report"]')).click();
    await $('[data-testid="report-draft"]', 15000);
    const candidate = await $(`//tr[@data-testid="report-candidate"][contains(., "${CANDIDATE}")]`);
    assert.match(await candidate.getText(), new RegExp(`No cumple: ${WORK_PLAN} — Documento no presentado\\.`));
    // The Secretary-General may sign the closed call's report; not done here.
    await $('[data-testid="report-sign"]');
    assert.equal(await (await $('[data-testid="report-print-language"]')).getValue(), 'es');
    await (await $('[data-testid="report-print"]')).click();
    await $('[data-testid="print-summary"]', 60000);
    await $('[data-testid="print-preview"] canvas', 30000);
    await (await $('[data-testid="print-summary"]')).scrollIntoView();
    await accessible('e07-report-print');

    const prints = path.join(driver.home, 'data', 'despacho', 'prints');
    assert.ok(existsSync(prints), 'the PDF is kept in the data folder');
    const pdf = readdirSync(prints).find((f) => f.startsWith('informe-de-elegibilidad-') && f.endsWith('-es.pdf'));
    assert.ok(pdf, `no eligibility report PDF in ${readdirSync(prints)}`);
    const text = execFileSync('pdftotext', ['-layout', path.join(prints, pdf), '-'], { encoding: 'utf8' });
    // The reasons of the new candidate: after "Name (CO)" and who nominated it, the work plan (2nd requirement) is not met.
    const start = text.search(new RegExp(`${CANDIDATE} \\(CO\\)\\s*\\n\\s*Propuesta por IMSS`));
    assert.ok(start >= 0, `the printed report has no reasons for ${CANDIDATE}:\n${text}`);
    const reasons = text.slice(start, start + 1500);
    assert.match(reasons, /2\. ✗ No cumple\. Documento no presentado\./, `the printed report does not say the work plan is missing:\n${reasons}`);
  });
});
