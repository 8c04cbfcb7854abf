import { test, expect, drain } from './harness.js';
import { runBadInputs, expectBadInputsHandled } from './bad-inputs.js';

test('36 kinds of bad input get clear errors and the good events around them still arrive', async ({ open, collector, consoleErrors }) => {
  const page = await open({ flushInterval: '60000' });
  const results = await page.evaluate(runBadInputs);
  expectBadInputsHandled(results, consoleErrors, await collector.accepted());
});
