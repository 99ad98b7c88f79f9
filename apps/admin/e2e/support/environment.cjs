// The e2e tests' Jest environment: Node's, plus a report when a test fails. A test's page
// registers `__conduitE2EFailureReport` (support/browser.ts), which prints where the page was and
// what it showed, so a failure in CI (where nobody can look at the browser) can be read from the log.
const { TestEnvironment } = require('jest-environment-node');

class ConsoleE2EEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    const report = this.global.__conduitE2EFailureReport;
    if (typeof report !== 'function') return;
    const name = event.name === 'test_fn_failure' ? event.test.name : `${event.hook.type} hook`;
    try {
      await report(name);
    } catch (error) {
      process.stderr.write(`[e2e failure report] could not be made: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

module.exports = ConsoleE2EEnvironment;
