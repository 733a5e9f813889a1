// Text of the failed contract scenarios of a verify report, for the CLI and test messages.

import type { VerifyReport } from '../../sim/scenario/verify.js';

/** Every failed scenario of a report as text (empty when it passed), for test and CLI messages. */
export function formatFailures(report: VerifyReport): string {
  return report.results.filter((r) => r.errors.length > 0)
    .map((r) => `${r.top} / ${r.scenario} (seed ${r.seed}):\n${r.errors.join('\n')}`).join('\n\n');
}
