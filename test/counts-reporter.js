// A closing summary for `npm test`: one "engine: N passed, N failed" line per browser, then the total.

/** @param {any} suite */
function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

/** @returns {import('@web/test-runner').Reporter} */
export function countsReporter() {
  /** @type {string[]} */
  let summary = [];
  return {
    onTestRunFinished({ sessions }) {
      /** @type {Map<string, { passed: number, failed: number, skipped: number }>} */
      const byEngine = new Map();
      for (const session of sessions) {
        const name = session.browser.name;
        const totals = byEngine.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
        count(session.testResults, totals);
        // A file that failed to load or crashed counts as a failure, not as nothing.
        if (!session.passed && !session.testResults?.tests?.length && !session.testResults?.suites?.length) totals.failed++;
        byEngine.set(name, totals);
      }
      const all = { passed: 0, failed: 0, skipped: 0 };
      const line = (label, t) => `${label}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`;
      summary = [''];
      for (const [name, totals] of byEngine) {
        summary.push(line(name.replace(/\s+/g, ''), totals));
        all.passed += totals.passed;
        all.failed += totals.failed;
        all.skipped += totals.skipped;
      }
      summary.push(line('total', all));
    },
    // Printed as the process exits, after the default reporter's closing lines, so the counts end the output.
    start() {
      process.once('exit', () => {
        for (const text of summary) console.log(text);
      });
    },
  };
}
