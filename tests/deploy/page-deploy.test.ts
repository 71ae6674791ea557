/**
 * The page's deployment fields: tp, weights and kv travel in the URL (only when not the default, so
 * old links are unchanged), reach the Scenario the page runs (only when set, so old cache keys are
 * unchanged), and the form's checks name the smallest TP that fits; the TP options the form offers
 * come from the engine's own fit rule.
 */
import { describe, expect, it } from 'vitest';
import { findGpu, findModel } from '../../src/lib/catalog/index';
import { tpOptions, deploymentRows } from '../../src/lib/sim/deploy/explain';
import { DEFAULT_EFFICIENCY, defaultScenario } from '../../src/lib/sim/presets';
import { defaultParams } from '../../src/lib/state/params';
import { baseScenario, checkParams } from '../../src/lib/state/scenario-build';
import { paramsFromQuery, queryFromParams } from '../../src/lib/state/url';

describe('deployment in the page scenario', () => {
	it('defaults write nothing to the URL and nothing to the Scenario', () => {
		expect(queryFromParams(defaultParams())).not.toMatch(/tp=|weights=|kv=/);
		const s = baseScenario(defaultParams());
		expect('tp' in s || 'weights' in s || 'kvDtype' in s).toBe(false);
	});

	it('tp, weights and kv round-trip through the URL and reach the Scenario', () => {
		const p = { ...defaultParams(), model: 'llama-3.1-70b', gpu: 'h100-sxm', tp: 8, weights: 'fp8' as const, kvDtype: 'fp8' as const };
		const q = queryFromParams(p);
		expect(q).toMatch(/tp=8&weights=fp8&kv=fp8/);
		const back = paramsFromQuery(q);
		expect(back.notices).toEqual([]);
		expect(back.params).toEqual(p);
		expect(baseScenario(back.params)).toMatchObject({ tp: 8, weights: 'fp8', kvDtype: 'fp8' });
	});

	it('bad values are ignored with a notice naming the valid ones', () => {
		const r = paramsFromQuery('tp=3&weights=fp4&kv=int8');
		expect(r.params).toMatchObject({ tp: null, weights: 'bf16', kvDtype: 'bf16' });
		expect(r.notices.join(' ')).toMatch(/tp=3.*1, 2, 4, 8 or auto/);
		expect(r.notices.join(' ')).toMatch(/weights=fp4.*bf16, fp8, int8, int4/);
		expect(r.notices.join(' ')).toMatch(/kv=int8.*bf16, fp8/);
	});

	it('Llama-3.1-70B on H100: auto runs (TP 2), TP 1 is refused on the TP field naming TP 2, TP 8 runs', () => {
		const p = { ...defaultParams(), model: 'llama-3.1-70b', gpu: 'h100-sxm' };
		expect(checkParams(p)).toEqual({});
		expect(checkParams({ ...p, tp: 1 }).tp).toMatch(/smallest tensor-parallel size that fits is TP 2/);
		expect(checkParams({ ...p, tp: 8 })).toEqual({});
	});
});

describe('the TP options the form offers', () => {
	it('Llama-3.1-70B on H100: TP 1 not possible (with the reason), 2/4/8 usable, auto = 2', () => {
		const o = tpOptions(findModel('llama-3.1-70b')!, findGpu('h100-sxm')!, DEFAULT_EFFICIENCY, 'bf16', 'bf16');
		expect(o.gpusPerNode).toBe(8);
		expect(o.defaultTp).toBe(2);
		expect(o.options.map((x) => [x.tp, x.usable])).toEqual([[1, false], [2, true], [4, true], [8, true]]);
		expect(o.options[0].reason).toMatch(/does not fit on one NVIDIA H100/);
		expect(o.options[3].layout?.kvCapacityTokens).toBe(1456819);
	});

	it('a 4-GPU node offers no TP 8, and its reason says so', () => {
		const o = tpOptions(findModel('qwen3-1.7b')!, findGpu('rtx-4080-12gb')!, DEFAULT_EFFICIENCY, 'bf16', 'bf16');
		expect(o.gpusPerNode).toBe(4);
		expect(o.defaultTp).toBe(1);
		expect(o.options[3]).toMatchObject({ tp: 8, usable: false });
		expect(o.options[3].reason).toMatch(/exceeds the 4 GPUs/);
	});

	it('How-it-works rows: step times fall with TP and with lower precision, and TP 1 BF16 is the unwrapped model', () => {
		const s = defaultScenario({ model: findModel('llama-3.1-8b')!, gpu: findGpu('h100-sxm')!, perf: { kind: 'roofline' } });
		const rows = deploymentRows(
			s,
			[
				{ tp: 1, weights: 'bf16', kvDtype: 'bf16' },
				{ tp: 2, weights: 'bf16', kvDtype: 'bf16' },
				{ tp: 8, weights: 'bf16', kvDtype: 'bf16' },
				{ tp: 1, weights: 'fp8', kvDtype: 'bf16' }
			],
			1,
			1024
		);
		const [t1, t2, t8, f8] = rows.map((r) => r.stepS as number);
		expect(t2 / t1).toBeGreaterThan(0.5);
		expect(t2 / t1).toBeLessThan(0.85);
		expect(t8).toBeLessThan(t2);
		expect(f8 / t1).toBeLessThan(0.85);
		expect(rows[0].communicationS).toBe(0);
		expect(rows[2].communicationS).toBeGreaterThan(0);
		expect(rows.every((r) => r.error === null)).toBe(true);
	});
});
