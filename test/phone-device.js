// Chromium as a phone, for the tests that need a real one rather than a page told it is one.
// `phone-device` {on: true} turns on Chromium's own device emulation for the test's page: a 390 × 844
// screen at 3×, `isMobile` and touch, so the page's pointer is coarse and it has no hover, as on a
// phone; {on: false} puts the page back as it was. `phone-tap` {x, y} touches the page there with one
// finger (CSS px from the top left of the page's viewport). Firefox and WebKit answer false: their
// drivers here have no such emulation.

/** The phone: an iPhone 14's screen in CSS px. (Set through the protocol, not puppeteer's
 * `setViewport`, which reloads the page to change touch, and would end the test.) */
const PHONE = { width: 390, height: 844, deviceScaleFactor: 3, mobile: true };

/** The protocol session of each test page made a phone. */
const phones = new Map();

export function phoneDevice() {
  return {
    name: 'phone-device',
    async executeCommand({ command, payload, session }) {
      if (command !== 'phone-device' && command !== 'phone-tap') return undefined;
      if (session.browser.type !== 'puppeteer' || !/^Chrom/.test(session.browser.name)) return false;
      const page = session.browser.getPage(session.id);
      if (command === 'phone-tap') {
        await page.touchscreen.tap(payload.x, payload.y);
        return true;
      }
      if (payload.on && !phones.has(session.id)) {
        const cdp = await page.createCDPSession();
        phones.set(session.id, cdp);
        await cdp.send('Emulation.setDeviceMetricsOverride', PHONE);
        await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
      } else if (!payload.on && phones.has(session.id)) {
        const cdp = phones.get(session.id);
        phones.delete(session.id);
        await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
        await cdp.send('Emulation.clearDeviceMetricsOverride');
        await cdp.detach();
      }
      return true;
    },
  };
}
