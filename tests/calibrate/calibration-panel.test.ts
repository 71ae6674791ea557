/** The calibration panel says plainly which model runs use, and shows a calibration with its fit error. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import CalibrationPanel from '../../src/lib/components/CalibrationPanel.svelte';
import { scenarioState } from '../../src/lib/state/scenario.svelte';
import { calibrationState } from '../../src/lib/state/calibration.svelte';
import { calibrateText } from '../../src/lib/calibrate/from-file';
import { FIDELITY_DIR } from './helpers';

describe('CalibrationPanel', () => {
	it('names the datasheet roofline when it is chosen', () => {
		scenarioState.reset();
		scenarioState.params.gpu = 'h200-sxm';
		scenarioState.params.perfChoice = { model: 'roofline', profile: null };
		const { body } = render(CalibrationPanel);
		expect(body).toMatch(/Runs use: <strong>datasheet roofline \(textbook model\)<\/strong>/);
		expect(body).toContain('Per-operator, calibrated from measurements (2026-11-30)');
	});

	it('names the calibrated profile, and shows a fresh calibration with its fit error', () => {
		const r = calibrateText(readFileSync(join(FIDELITY_DIR, 'h200_llama-3.1-8b.jsonl'), 'utf8'), 'llama.jsonl', new Date('2026-12-01T00:00:00Z'));
		if (!r.ok) throw new Error(r.message);
		scenarioState.reset();
		scenarioState.params.gpu = 'h200-sxm';
		calibrationState.last = r;
		calibrationState.use(r.profile);
		const { body } = render(CalibrationPanel);
		expect(body).toMatch(/Runs use: <strong>per-operator model, calibrated from llama\.jsonl \(12 steps, 2026-12-01\)<\/strong>/);
		expect(body).toMatch(/Calibrated for <strong>h200-sxm<\/strong> from 12 steps: median \d+\.\d%, p90\s+\d+\.\d%, max \d+\.\d%/);
		expect(body).toContain('(from the link)');
	});

	it('says the H200 fractions are applied on other GPUs', () => {
		scenarioState.reset();
		scenarioState.params.gpu = 'l4';
		calibrationState.last = null;
		const { body } = render(CalibrationPanel);
		expect(body).toContain('Per-operator, defaults: fractions learned on the H200, applied to this GPU');
	});
});
