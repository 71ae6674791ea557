import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { replayEndS, replayFrame, replayIndex, replayPanel } from '../../src/lib/state/replay';
import { summaryEntries } from '../../src/lib/state/summary-table';
import { chunked } from '../../src/lib/state/cached-executor';
import { checkFit, fitFromParam, fitToParam, paramsFromQuery, queryFromParams } from '../../src/lib/state/url';
import { defaultParams } from '../../src/lib/state/params';
import { checkParams, resolveModel, baseScenario } from '../../src/lib/state/scenario-build';
import type { SimSummary } from '../../src/lib/sim/types';

const tl = { tS: [0, 1, 2, 4], queueLength: [0, 3, 5, 0], busyGpus: [1, 2, 2, 0] };

describe('replayIndex', () => {
	test.each([
		[-1, 0],
		[0, 0],
		[0.5, 0],
		[1, 1],
		[3.9, 2],
		[4, 3],
		[99, 3]
	])('t = %s -> index %s', (t, i) => expect(replayIndex(tl.tS, t)).toBe(i));
	test('the last sample at or before t, for any sorted times', () => {
		fc.assert(
			fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: -1, max: 2e6, noNaN: true }), (raw, t) => {
				const times = [...raw].sort((a, b) => a - b);
				const i = replayIndex(times, t);
				if (t >= times[0]) expect(times[i]).toBeLessThanOrEqual(t);
				if (i + 1 < times.length && t >= times[0]) expect(times[i + 1]).toBeGreaterThan(t);
			})
		);
	});
});

describe('replayFrame and replayPanel', () => {
	test('values hold until the next sample; empty timelines give zeros', () => {
		expect(replayFrame(tl, 3)).toEqual({ index: 2, queue: 5, busy: 2 });
		expect(replayFrame({ tS: [], queueLength: [], busyGpus: [] }, 3)).toEqual({ index: 0, queue: 0, busy: 0 });
		expect(replayEndS(tl)).toBe(4);
	});
	test('the cursor moves right with time and axes stay fixed', () => {
		const size = { width: 400, height: 150, left: 40, bottom: 20, top: 20 };
		const a = replayPanel(tl, tl.queueLength, 1, size);
		const b = replayPanel(tl, tl.queueLength, 3, size);
		expect(b.cursorX).toBeGreaterThan(a.cursorX);
		expect(a.yMax).toBe(b.yMax);
		expect(a.xTicks).toEqual(b.xTicks);
		expect(b.played.length).toBeGreaterThan(a.played.length);
		expect(replayPanel(tl, tl.busyGpus, 0, size, 8).yMax).toBeGreaterThanOrEqual(8);
	});
});

describe('summaryEntries', () => {
	test('numbers at full precision (JSON), null as "null", in key order', () => {
		const s = { requests: 3, completed: 2, e2eP95S: 0.1 + 0.2, tbtP95Ms: null } as unknown as SimSummary;
		expect(summaryEntries(s)).toEqual([
			{ key: 'requests', label: 'Requests', text: '3', raw: '3' },
			{ key: 'completed', label: 'Completed', text: '2', raw: '2' },
			{ key: 'e2eP95S', label: 'P95 E2E (s)', text: '0.30000000000000004', raw: '0.30000000000000004' },
			{ key: 'tbtP95Ms', label: 'P95 TPOT (ms)', text: 'null', raw: 'null' }
		]);
	});
});

describe('chunked', () => {
	test.each([
		[[], 3, []],
		[[1, 2, 3], 3, [[1, 2, 3]]],
		[[1, 2, 3, 4], 3, [[1, 2, 3], [4]]]
	])('%j in %i', (items, n, out) => expect(chunked(items, n)).toEqual(out));
});

describe('fitted model and custom storage in the URL', () => {
	test('fit round-trips at full precision; r2 is not carried', () => {
		const p = defaultParams();
		p.fit = { alphaS: 0.0123456789012345, betaS: 1.23e-5, gamma: 0.4, r2: 0.99 };
		const back = paramsFromQuery(queryFromParams(p));
		expect(back.notices).toEqual([]);
		expect(back.params.fit).toEqual({ ...p.fit, r2: null });
		expect(fitFromParam(fitToParam(p.fit))).toEqual({ ok: true, fit: { ...p.fit, r2: null } });
	});
	test.each(['1,2', '0.1,0,0.5', '0.1,0.001,-1', 'a,b,c', '-1,0.001,0'])('fit=%s is ignored with a notice', (v) => {
		const r = paramsFromQuery(`fit=${v}`);
		expect(r.params.fit).toBeNull();
		expect(r.notices[0]).toContain('fit=');
	});
	test('checkFit uses the engine limits', () => {
		expect(checkFit(0, 1e-4, 0)).toBeNull();
		expect(checkFit(0, 2, 0)).toMatch(/beta/);
	});
	test('the scenario uses the fitted model', () => {
		const p = defaultParams();
		p.fit = { alphaS: 0.02, betaS: 1e-4, gamma: 0.5, r2: 0.98 };
		expect(baseScenario(p).perf).toEqual({ kind: 'fitted', alphaS: 0.02, betaS: 1e-4, gamma: 0.5, r2: 0.98 });
		expect(baseScenario(defaultParams()).perf.kind).toBe('per-op');
	});
	test('custom storage: dtype and tying reach the model, go into the link, and bad dtypes are field errors', () => {
		const p = defaultParams();
		p.model = 'custom';
		p.customStorage = { dtypeBytes: 1, tiedEmbeddings: false };
		expect(resolveModel(p)).toMatchObject({ dtypeBytes: 1, tiedEmbeddings: false });
		const q = queryFromParams(p);
		expect(q).toContain('cs=1,0');
		expect(paramsFromQuery(q).params.customStorage).toEqual(p.customStorage);
		p.customStorage.dtypeBytes = 3.3;
		expect(checkParams(p).dtype).toMatch(/dtype bytes/);
		expect(paramsFromQuery('cs=2,yes').notices[0]).toContain('cs=2,yes');
	});
});
