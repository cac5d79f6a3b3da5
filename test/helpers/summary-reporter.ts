// Prints one machine-readable last line, e.g. `tests: 123 passed, 0 failed, 2 skipped`,
// which CI tooling greps for ('N passed, N failed'). Under CI it is the only reporter, so a
// green run prints just that line; it therefore also prints every failure (test name, file
// and error) before the summary, and any `console.warn`/`stderr` from tests is not shown.
// Failed test files that never collected tests (import errors) and unhandled errors
// count as failures, so a broken file cannot hide behind "0 failed".
import type { Reporter, TestModule } from 'vitest/node';

type Errors = Parameters<NonNullable<Reporter['onTestRunEnd']>>[1];

interface Problem {
  where: string;
  message: string;
}

function describeError(error: { message?: string; stack?: string } | undefined): string {
  if (!error) return 'failed without an error';
  return (error.stack ?? error.message ?? String(error)).split('\n').slice(0, 12).join('\n');
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: Errors): void {
    let passed = 0;
    let skipped = 0;
    const problems: Problem[] = [];
    for (const module of testModules) {
      let count = 0;
      for (const test of module.children.allTests()) {
        count++;
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') {
          problems.push({ where: `${module.moduleId} > ${test.fullName}`, message: describeError(result.errors?.[0]) });
        } else skipped++;
      }
      if (count === 0 && module.state() === 'failed') {
        problems.push({ where: module.moduleId, message: describeError(module.errors()[0]) });
      }
    }
    for (const error of unhandledErrors) problems.push({ where: 'unhandled error', message: describeError(error) });
    if (process.env.CI) {
      for (const p of problems) process.stdout.write(`FAIL ${p.where}\n${p.message}\n\n`);
    }
    process.stdout.write(`tests: ${passed} passed, ${problems.length} failed, ${skipped} skipped\n`);
  }
}
