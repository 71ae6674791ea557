/** Every bad measurement file gets a message that says what is wrong, where, and what to do. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMeasurements } from '../../src/lib/calibrate/measurements';
import { calibrate } from '../../src/lib/calibrate/calibrate';
import { parseProfile } from '../../src/lib/calibrate/profile-file';
import { BAD_DIR } from './helpers';

const parse = (file: string) => parseMeasurements(readFileSync(join(BAD_DIR, file), 'utf8'), file);

describe('bad measurement files', () => {
	const cases: [string, RegExp][] = [
		['wrong-columns.csv', /wrong-columns\.csv: the header lacks newTokens, contextTokens.*needs the columns gpu, model, kind/],
		['unknown-model.jsonl', /line 1: unknown model "qwen9-404b".*cli models/],
		['unknown-gpu.jsonl', /line 1: unknown GPU "h900".*cli gpus/],
		['zero-time.jsonl', /line 2: ms is 0; a measured step time must be positive/],
		['negative-time.csv', /line 2: ms is -2\.5; a measured step time must be positive/],
		['mixed-without-chunk.jsonl', /line 1: a mixed step needs prefillTokens and prefillContextTokens/],
		['broken-json.jsonl', /line 2: not valid JSON/],
		['unknown-kind.jsonl', /line 1: kind "train" is not prefill, decode or mixed/],
		['non-numeric.csv', /line 2: ms is "fast", not a number/],
		['empty.jsonl', /the file is empty/]
	];
	it.each(cases)('%s', (file, message) => {
		const r = parse(file);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.message).toMatch(message);
	});

	it('too few rows to fit says how many are needed', () => {
		const r = parse('too-few-rows.jsonl');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const c = calibrate(r.rows);
		expect(c.ok).toBe(false);
		if (!c.ok) expect(c.message).toMatch(/3 measured step\(s\) given; calibration needs at least 9/);
	});

	it('rows from two GPUs are refused: one GPU per calibration', () => {
		const r = parse('two-gpus.jsonl');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const c = calibrate(r.rows);
		expect(c.ok).toBe(false);
		if (!c.ok) expect(c.message).toMatch(/several GPUs \(h200-sxm, h100-sxm\); calibrate one GPU at a time/);
	});

	it.each([
		['fp8-rows.jsonl', /weights other than bf16 \(bf16, fp8\): quantized linear layers are not modelled yet/],
		['two-implementations.jsonl', /several implementations \(lean, unfused\).*calibrate one at a time/]
	])('%s is parsed but refused by the calibration', (file, message) => {
		const r = parse(file);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const c = calibrate(r.rows);
		expect(c.ok).toBe(false);
		if (!c.ok) expect(c.message).toMatch(message);
	});

	it('a profile with a missing or impossible parameter is refused with the field named', () => {
		expect(parseProfile({ params: {} }, 'p.json')).toEqual({ ok: false, message: expect.stringMatching(/p\.json: params\.matmulEff is undefined/) });
		const bad = parseProfile({ params: { matmulEff: 1.5 } }, 'p.json');
		expect(bad.ok).toBe(false);
		expect(parseProfile('nope', 'p.json').ok).toBe(false);
	});
});
