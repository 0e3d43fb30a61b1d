// The three engines as Debian packages them, and which of them a run uses.

/** @type {Record<string, { binaries: string[], packages: string[] }>} */
export const ENGINES = {
  chromium: { binaries: ['/usr/bin/chromium'], packages: ['chromium'] },
  firefox: { binaries: ['/usr/bin/firefox-esr'], packages: ['firefox-esr'] },
  webkit: {
    binaries: ['/usr/bin/WebKitWebDriver', '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', '/usr/bin/xvfb-run'],
    packages: ['webkit2gtk-driver', 'xvfb', 'xauth'],
  },
};

/** The engines this run uses: all three, or those named in `BROWSERS` (e.g. `BROWSERS=chromium,webkit`). */
export function selectedEngines() {
  const wanted = (process.env.BROWSERS ?? Object.keys(ENGINES).join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of wanted) {
    if (!ENGINES[name]) throw new Error(`BROWSERS names an unknown engine "${name}"; use ${Object.keys(ENGINES).join(', ')}`);
  }
  return wanted;
}
