// input.test.ts: bad input in every engine: one clear console error per bad call, an `invalid`
// notification, an { error } result, no page error, and the good events around it still arrive.
import { test, report } from '../support/engines.js';
import { runBadInputs, expectBadInputsHandled } from '../support/bad-inputs.js';

test('36 kinds of bad input get clear errors and the good events around them still arrive', async ({ engine, visit, collector }) => {
  const tab = await visit({ flushInterval: '60000' });
  const results = await tab.evaluate(runBadInputs);
  const lines = expectBadInputsHandled(results, await tab.consoleErrors(), await collector.accepted());
  report(engine, `${results.out.length} refused with the right code and field, ${lines.length} console errors, 0 page errors`);
});
