/**
 * How it works shows the validation table from src/lib/calibrate/validation-h200.json, so that file
 * must be what the data gives today: regenerate with `npm run calibrate:validate-json` when the
 * measured sets, the calibration or the performance models change.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validationFromDir } from '../../cli/commands/calibrate';
import { REPO_ROOT } from '../helpers/real-data';

describe('the page copy of the validation table', () => {
	it('equals a fresh calibrate --validate over tests/fixtures/fidelity', async () => {
		const fresh = JSON.parse(JSON.stringify(await validationFromDir(`${REPO_ROOT}/tests/fixtures/fidelity`)));
		const stored = JSON.parse(readFileSync(`${REPO_ROOT}/src/lib/calibrate/validation-h200.json`, 'utf8'));
		expect(stored, 'run `npm run calibrate:validate-json` and commit the file').toEqual(fresh);
	});
});

describe('How it works shows the validation table', () => {
	it('one row per measured set and per held-out model, with the stored errors as percentages', async () => {
		const { render } = await import('svelte/server');
		const { default: PerfValidation } = await import('../../src/lib/components/PerfValidation.svelte');
		const { formatPercent } = await import('../../src/lib/charts/labels');
		const stored = JSON.parse(readFileSync(`${REPO_ROOT}/src/lib/calibrate/validation-h200.json`, 'utf8'));
		const { body } = render(PerfValidation);
		for (const l of stored.lines) {
			expect(body).toContain(l.set);
			expect(body).toContain(`${formatPercent(l.calibrated.medianAbsErr)} / ${formatPercent(l.calibrated.p90AbsErr)}`);
			expect(body).toContain(`${formatPercent(l.roofline.medianAbsErr)} / ${formatPercent(l.roofline.p90AbsErr)}`);
		}
		expect(body.match(/<tr><th scope="row">/g)?.length).toBe(stored.lines.length + stored.holdOut.length);
	});
});
