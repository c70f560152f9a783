// How the real window is drawn (issue 9, ADR 0009): without a GPU (no /dev/dri render node, as
// under Xvfb on a build machine) Despacho turns WebKit's accelerated compositing off before GTK
// starts, so that its WebKit processes run with WEBKIT_DISABLE_COMPOSITING_MODE=1; with a GPU it
// leaves WebKit's default; a value set by whoever started it is left as it is. Read from the
// environment of the window's WebKit web process, the process that draws the page.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { launchApp, startDriver, webProcessVariable } from './harness.mjs';

const VARIABLE = 'WEBKIT_DISABLE_COMPOSITING_MODE';
const hasGpu = existsSync('/dev/dri') && readdirSync('/dev/dri').some((n) => n.startsWith('renderD'));

/** Starts the app on a new store with `env` (VARIABLE unset unless given) and returns VARIABLE as its web process has it. */
async function startAndRead(env) {
  const driver = await startDriver(undefined, { [VARIABLE]: undefined, ...env });
  const browser = await launchApp();
  try {
    // The first screen of a new store is drawn: the window works whichever way it is drawn.
    const submit = await browser.$('[data-testid="setup-submit"]');
    await submit.waitForDisplayed({ timeout: 30000 });
    assert.ok((await submit.getSize()).width > 0);
    return webProcessVariable(driver.home, VARIABLE);
  } finally {
    await browser.deleteSession().catch(() => {});
    await driver.stop();
  }
}

describe('How the window is drawn', () => {
  it(hasGpu ? 'keeps WebKit\'s compositing where there is a GPU' : 'turns WebKit\'s compositing off where there is no GPU', async () => {
    assert.equal(await startAndRead({}), hasGpu ? null : '1');
  });

  it('leaves a choice made through WebKit\'s variable as it is', async () => {
    assert.equal(await startAndRead({ [VARIABLE]: '0' }), '0');
  });
});
