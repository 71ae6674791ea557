// `npm test`: everything CI checks, in order: install, type-check, unit tests, build, e2e in Chromium.
// Ends with one plain line, "N passed, N failed" (", N skipped" when some were), counted from both vitest runs' JSON reports.
import { readFileSync } from 'node:fs';
import { ensureChromium, ensureDependencies, run } from './ensure.mjs';

ensureDependencies();
ensureChromium();
run('npm run --silent check');
run('npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json');
run('npm run --silent build');
run('npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=test-results/e2e.json');

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of ['test-results/unit.json', 'test-results/e2e.json']) {
	const report = JSON.parse(readFileSync(file, 'utf8'));
	passed += report.numPassedTests;
	failed += report.numFailedTests;
	skipped += report.numPendingTests + report.numTodoTests;
}
// Skipped tests are the full-data ones when the whole public traces are absent (tests/helpers/real-data.ts).
console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
