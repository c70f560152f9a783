// Linking & Cooperation through the real app window, on the demo's year of cooperation:
// open a member, register a technical assistance request from its page, plan a mission for it
// that starts today, find the mission from the global search, and see it on the desk under
// missions under way. Screens pass axe and are screenshotted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { acknowledgeRecovery, assertAccessible, fillPassphrase, launchApp, pageHelpers, startDriver } from './harness.mjs';

const PASSWORD = 'una clave bastante larga';
const TOPIC = 'Revisión actuarial del régimen de pensiones (e2e)';
const PURPOSE = 'Misión zeppelin de evaluación actuarial';

let driver;
let browser;
const { $, fill } = pageHelpers(() => browser);
const accessible = (name) => assertAccessible(browser, name);

describe('cooperation: a request, its mission, the search and the desk', () => {
  before(async () => {
    driver = await startDriver();
    browser = await launchApp();
    await $('[data-testid="setup-submit"]', 20000);
    await fill('full_name', 'Secretaría General');
    await fill('username', 'sg');
    await fill('password', PASSWORD);
    await fill('password_repeat', PASSWORD);
    // The demo data is offered on first start: keep it (a year of cooperation).
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

  it('shows the cooperation tabs with the demo data', async () => {
    await (await $('[data-testid="nav-cooperation"]')).click();
    await $('[data-testid="requests-table"]', 20000);
    assert.ok((await browser.$$('[data-testid="request-row"]')).length > 0, 'the demo has assistance requests');
    await accessible('c01-assistance');
    await (await $('[data-testid="cooperation-tab-missions"]')).click();
    await $('[data-testid="missions-table"]');
    await accessible('c02-missions');
    await (await $('[data-testid="cooperation-tab-lists"]')).click();
    await $('[data-testid="list-builder"]');
    await (await $('[data-testid="list-language-pt"]')).click();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="recipient-row"]')).length > 0, {
      timeout: 5000,
      timeoutMsg: 'the list builder showed no recipients',
    });
    await accessible('c03-lists');
  });

  it('registers an assistance request from a member page', async () => {
    await (await $('[data-testid="nav-members"]')).click();
    await $('[data-testid="members-table"]');
    await fill('search', 'IMSS');
    await browser.waitUntil(async () => (await browser.$$('[data-testid="member-row"]')).length >= 1, {
      timeout: 5000,
      timeoutMsg: 'IMSS not found',
    });
    await (await $('[data-testid="member-row"] a')).click();
    await $('[data-testid="member-name"]');
    await (await $('[data-testid="member-new-request"]')).click();
    await $('[data-testid="request-dialog"]');
    // The member is preselected.
    const member = await $('[data-testid="request-member"]');
    await browser.waitUntil(async () => (await member.getValue()) !== '', { timeout: 5000, timeoutMsg: 'member not preselected' });
    await fill('title', TOPIC);
    await fill('description', 'Solicitud registrada por la prueba de extremo a extremo.');
    await accessible('c04-request-form');
    await (await $('[data-testid="request-save"]')).click();
    const heading = await $('[data-testid="request-heading"]', 15000);
    assert.equal(await heading.getText(), TOPIC);
    const timeline = await $('[data-testid="request-timeline"]');
    assert.match(await timeline.getText(), /Recibida/);
    await accessible('c05-request');
  });

  it('plans a mission for the request, starting today', async () => {
    await (await $('[data-testid="plan-mission"]')).click();
    await $('[data-testid="mission-dialog"]', 15000);
    await $('[data-testid="mission-linked-request"]');
    await fill('purpose', PURPOSE);
    await (await $('[data-testid="mission-country"]')).selectByAttribute('value', 'MX');
    await fill('city', 'Ciudad de México');
    // The dialog proposes today as start and end: the mission is under way today.
    await (await $('[data-testid="mission-traveller-0"]')).setValue('Secretaría General');
    await accessible('c06-mission-form');
    await (await $('[data-testid="mission-save"]')).click();
    const heading = await $('[data-testid="mission-heading"]', 15000);
    assert.equal(await heading.getText(), PURPOSE);
    assert.match(await (await $('[data-testid="mission-links"]')).getText(), /Revisión actuarial/);
    // Approve it and start it.
    await (await $('[data-testid="status-action-approved"]')).click();
    await browser.waitUntil(async () => /Aprobada/.test(await (await $('[data-testid="mission-status"]')).getText()), {
      timeout: 5000,
      timeoutMsg: 'the mission was not approved',
    });
    await (await $('[data-testid="status-action-under_way"]')).click();
    await browser.waitUntil(async () => /En curso/.test(await (await $('[data-testid="mission-status"]')).getText()), {
      timeout: 5000,
      timeoutMsg: 'the mission did not start',
    });
    await accessible('c07-mission');
  });

  it('finds the mission from the global search (Ctrl+K)', async () => {
    await (await $('[data-testid="nav-desk"]')).click();
    // The desk has loaded (its sections are on screen) before the shortcut is pressed.
    await $('[data-testid="desk-missions"]', 15000);
    await browser.keys(['Control', 'k']);
    await browser.keys(['Control']);
    const input = await $('[data-testid="search-input"]');
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.getAttribute('data-testid'))) === 'search-input',
      { timeout: 5000, timeoutMsg: 'Ctrl+K did not put the focus in the search box' },
    );
    await input.setValue('zeppelin');
    await $('[data-testid="search-results"]');
    await browser.waitUntil(
      async () => {
        for (const hit of await browser.$$('[data-testid="search-hit"]')) {
          if ((await hit.getAttribute('data-kind')) === 'mission' && /zeppelin/i.test(await hit.getText())) return true;
        }
        return false;
      },
      { timeout: 5000, timeoutMsg: 'the mission was not found' },
    );
    await accessible('c08-search');
    await browser.keys(['Enter']);
    const heading = await $('[data-testid="mission-heading"]', 15000);
    assert.equal(await heading.getText(), PURPOSE);
  });

  it('shows the mission on the desk under missions under way', async () => {
    await (await $('[data-testid="nav-desk"]')).click();
    const missions = await $('[data-testid="desk-missions"]', 15000);
    assert.match(await missions.getText(), /zeppelin/);
    await accessible('c09-desk');
  });
});
