// The closing line of scripts/test.sh and scripts/test-cluster.sh, the same for any
// reader of a log: "tests: N passed, N failed" from vitest's JSON report.
// Exits non-zero when no test ran at all.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ''));
if (report.numTotalTests === 0) {
  console.error('no test ran');
  process.exit(1);
}
