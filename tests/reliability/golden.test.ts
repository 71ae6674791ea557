/**
 * Golden results: fixed scenarios on a fixed synthetic workload, compared with a committed JSON file
 * (tests/reliability/__snapshots__/golden.json) that stores the ENGINE_VERSION it was made with.
 *
 * The policy: the result cache is keyed by ENGINE_VERSION, so a change that moves a golden number
 * without a version bump would serve stale cached results. The test fails when
 * - a summary differs (beyond 1e-9 relative) and ENGINE_VERSION is unchanged: bump it, then regenerate;
 * - ENGINE_VERSION was bumped: regenerate, and review the diff of golden.json in the commit.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run tests/reliability/golden.test.ts`.
 *
 * Scenarios cover every method saturated (RPS ×200), under light load (GPU utilisation 10-30%) and
 * moderate load (50-70%), and under the fitted latency model; a test keeps each load in its band.
 * Also: bit-identical results across two runs in one process, and across the Node worker_threads
 * pool with 1 and 2 threads (the CLI's executor) and the in-process executor.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { nodePoolExecutor } from '../../cli/node-pool';
import { ENGINE_VERSION, simulate } from '../../src/lib/sim/index';
import { defaultScenario, methodScenario } from '../../src/lib/sim/presets';
import type { MethodName, Scenario, SimSummary } from '../../src/lib/sim/types';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import type { RunExecutor, RunOutcome, RunSpec } from '../../src/lib/study/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import type { Workload } from '../../src/lib/trace/types';
import { shapeWorkload } from '../../src/lib/trace/workload';

const SIZE = 2000;
const SEED = 7;
const GOLDEN_PATH = fileURLToPath(new URL('./__snapshots__/golden.json', import.meta.url));
/**
 * Engine 5's goldens, made before routing existed: every replica pulled from one shared queue. The same
 * scenarios pinned to routing 'global' must still give these numbers (never regenerated).
 */
const GLOBAL_GOLDEN_PATH = fileURLToPath(new URL('./__snapshots__/golden-global.json', import.meta.url));
const REGENERATE = 'UPDATE_GOLDEN=1 npx vitest run tests/reliability/golden.test.ts';
const METHODS: MethodName[] = ['static', 'dynamic', 'multibin', 'continuous'];
/** The latency model fitted in the issue that asked for --fit (alpha, beta in seconds; gamma). */
const FITTED = { kind: 'fitted' as const, alphaS: 0.05965, betaS: 0.005742, gamma: 0.316 };

const trace = synthesizeBurstGpt(SIZE, SEED);
/** The first SIZE requests of the synthetic trace, arrival times compressed by rpsScale. */
function workloadAt(rpsScale: number): Workload {
	const shaped = shapeWorkload(trace, { size: SIZE, selection: { kind: 'first' }, keepFailed: true, timing: { kind: 'scale', rpsScale } });
	if (!shaped.ok) throw new Error(shaped.error.message);
	return shaped.workload;
}
const workload = workloadAt(200);

type Load = 'saturated' | 'light' | 'moderate';
interface Golden {
	name: string;
	load: Load;
	workload: Workload;
	scenario: Scenario;
}

/** The saturated scenarios: each method on 2 GPUs, a noisy-predictor multibin (seeded RNG), bin admission. */
const SCENARIOS: [string, Scenario][] = [
	...METHODS.map((m): [string, Scenario] => [
		`${m}, 2 GPUs`,
		methodScenario(m, defaultScenario({ seed: SEED, costPerGpuHour: 2 }), { gpus: 2, bins: m === 'multibin' ? 4 : 1 })
	]),
	['multibin, 2 GPUs, 4 bins, noisy predictor (sigma 0.5)', methodScenario('multibin', defaultScenario({ seed: SEED, predictor: { kind: 'noisy', sigma: 0.5 } }), { gpus: 2, bins: 4 })],
	['continuous, 2 GPUs, 4 bins, bin admission', methodScenario('continuous', defaultScenario({ seed: SEED }), { gpus: 2, bins: 4 })]
];

/** Utilisation bands the light and moderate goldens must stay in (else their names would lie). */
const BANDS: Record<Exclude<Load, 'saturated'>, [number, number]> = { light: [0.1, 0.3], moderate: [0.5, 0.7] };

const light = workloadAt(0.5);
const moderate = workloadAt(1.75);
const moderateFitted = workloadAt(2.75);
const GOLDENS: Golden[] = [
	...SCENARIOS.map(([name, scenario]): Golden => ({ name, load: 'saturated', workload, scenario })),
	...METHODS.map((m): Golden => ({ name: `${m}, 2 GPUs, light load (RPS ×0.5)`, load: 'light', workload: light, scenario: methodScenario(m, defaultScenario({ seed: SEED }), { gpus: 2 }) })),
	...METHODS.map((m): Golden => ({ name: `${m}, 2 GPUs, moderate load (RPS ×1.75)`, load: 'moderate', workload: moderate, scenario: methodScenario(m, defaultScenario({ seed: SEED }), { gpus: 2 }) })),
	...METHODS.map((m): Golden => ({
		name: `${m}, 2 GPUs, fitted model (0.05965 s, 0.005742 s, 0.316), moderate load (RPS ×2.75)`,
		load: 'moderate',
		workload: moderateFitted,
		scenario: methodScenario(m, defaultScenario({ seed: SEED, perf: FITTED }), { gpus: 2 })
	}))
];

interface GoldenFile {
	engineVersion: string;
	results: Record<string, { workload: string; load: Load; summary: SimSummary }>;
}

/** Keys whose numbers differ beyond 1e-9 relative (null and numbers compared as they are). */
function changedKeys(before: SimSummary, after: SimSummary): string[] {
	const out: string[] = [];
	for (const key of new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof SimSummary>) {
		const a = before[key];
		const b = after[key];
		const same = typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) : a === b;
		if (!same) out.push(`${String(key)}: ${a} -> ${b}`);
	}
	return out;
}

/**
 * What a person must do about the goldens now, or null when they match: the messages name the
 * scenarios and numbers that moved and the command that regenerates the file.
 */
export function goldenVerdict(committed: GoldenFile | null, now: GoldenFile): string | null {
	if (!committed) return `tests/reliability/__snapshots__/golden.json is missing; create it with ${REGENERATE}.`;
	const diffs: string[] = [];
	for (const name of new Set([...Object.keys(committed.results), ...Object.keys(now.results)])) {
		const a = committed.results[name];
		const b = now.results[name];
		if (!a || !b) diffs.push(`${name}: ${a ? 'no longer computed' : 'new scenario'}`);
		else for (const d of changedKeys(a.summary, b.summary)) diffs.push(`${name}: ${d}`);
	}
	if (committed.engineVersion !== now.engineVersion) {
		return (
			`ENGINE_VERSION is ${now.engineVersion} but golden.json was made with ${committed.engineVersion}. ` +
			`Regenerate it with ${REGENERATE} and review its diff in the commit (${diffs.length} number(s) moved).`
		);
	}
	if (diffs.length === 0) return null;
	const shown = diffs.slice(0, 12).join('\n  ');
	return (
		`Golden summaries changed but ENGINE_VERSION is still ${now.engineVersion}:\n  ${shown}${diffs.length > 12 ? `\n  ... and ${diffs.length - 12} more` : ''}\n` +
		`If the change is intended, bump ENGINE_VERSION (it keys the result cache; src/lib/sim/index.ts) and regenerate with ` +
		`${REGENERATE}, so cached results of the old engine are not served as new ones. If not, the change is a regression.`
	);
}

function currentGoldens(): GoldenFile {
	return {
		engineVersion: ENGINE_VERSION,
		results: Object.fromEntries(GOLDENS.map((g) => [g.name, { workload: g.workload.label, load: g.load, summary: simulate(g.workload, g.scenario).summary }]))
	};
}

const pools: RunExecutor[] = [];
afterEach(async () => {
	for (const p of pools.splice(0)) await p.dispose?.();
});

describe('golden results (synthetic BurstGPT-like, 2,000 requests, seed 7)', () => {
	it('the workload itself is the one the snapshot was made from', () => {
		let prompt = 0;
		let output = 0;
		for (let i = 0; i < SIZE; i++) {
			prompt += workload.promptTokens[i];
			output += workload.outputTokens[i];
		}
		// If these move, the generator changed, not the engine: the snapshot below is then meaningless.
		expect({ n: workload.arrivalS.length, prompt, output, lastArrivalS: workload.arrivalS[SIZE - 1] }).toMatchSnapshot();
	});

	it('summaries match golden.json, or ENGINE_VERSION was bumped', () => {
		const now = currentGoldens();
		if (process.env.UPDATE_GOLDEN === '1') {
			writeFileSync(GOLDEN_PATH, JSON.stringify(now, null, '\t') + '\n');
			return;
		}
		const committed = existsSync(GOLDEN_PATH) ? (JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as GoldenFile) : null;
		const verdict = goldenVerdict(committed, now);
		if (verdict !== null) throw new Error(verdict);
	});

	it('with routing global (the shared queue) every golden equals the engine-5 numbers', () => {
		const before = JSON.parse(readFileSync(GLOBAL_GOLDEN_PATH, 'utf8')) as GoldenFile;
		expect(before.engineVersion).toBe('5');
		const diffs: string[] = [];
		for (const g of GOLDENS) {
			const summary = simulate(g.workload, { ...g.scenario, routing: 'global' }).summary;
			const committed = before.results[g.name];
			if (!committed) diffs.push(`${g.name}: not in golden-global.json`);
			// Bit for bit: JSON round-trips every double exactly.
			else for (const [key, value] of Object.entries(committed.summary)) if (summary[key as keyof SimSummary] !== value) diffs.push(`${g.name}: ${key}: ${value} -> ${summary[key as keyof SimSummary]}`);
		}
		expect(diffs).toEqual([]);
	});

	it('light and moderate goldens stay in their utilisation bands', () => {
		for (const g of GOLDENS) {
			if (g.load === 'saturated') continue;
			const u = simulate(g.workload, g.scenario).summary.gpuUtilization ?? 0;
			const [lo, hi] = BANDS[g.load];
			expect(u, `${g.name}: GPU utilisation`).toBeGreaterThanOrEqual(lo);
			expect(u, `${g.name}: GPU utilisation`).toBeLessThanOrEqual(hi);
		}
	});

	it('the golden check fails, with the way out, when numbers move without a version bump', () => {
		const now: GoldenFile = { engineVersion: '9', results: { a: { workload: 'w', load: 'light', summary: { makespanS: 1 } as SimSummary } } };
		const moved: GoldenFile = { engineVersion: '9', results: { a: { workload: 'w', load: 'light', summary: { makespanS: 1.001 } as SimSummary } } };
		expect(goldenVerdict(now, structuredClone(now))).toBeNull();
		expect(goldenVerdict(now, { ...now, results: { a: { ...now.results.a, summary: { makespanS: 1 + 1e-12 } as SimSummary } } })).toBeNull();
		expect(goldenVerdict(now, moved)).toMatch(/a: makespanS: 1 -> 1\.001[\s\S]*bump ENGINE_VERSION \(it keys the result cache[\s\S]*UPDATE_GOLDEN=1/);
		expect(goldenVerdict(now, { ...moved, engineVersion: '10' })).toMatch(/ENGINE_VERSION is 10 but golden.json was made with 9\. Regenerate it with UPDATE_GOLDEN=1/);
		expect(goldenVerdict(null, now)).toMatch(/missing; create it with UPDATE_GOLDEN=1/);
	});

	it('two runs give bit-identical results, series and warnings included', () => {
		for (const [, sc] of SCENARIOS) {
			const a = simulate(workload, sc);
			const b = simulate(workload, structuredClone(sc));
			expect(JSON.stringify(b)).toBe(JSON.stringify(a));
			// JSON drops the sign of -0 and nothing else; compare the raw float bits of the summary too.
			const bits = (s: object) => Object.values(s).map((v) => (typeof v === 'number' ? new BigUint64Array(Float64Array.of(v).buffer)[0].toString(16) : String(v)));
			expect(bits(b.summary)).toEqual(bits(a.summary));
		}
	});

	it('the Node pool with 1 and 2 threads gives the same bits as in-process', async () => {
		const specs: RunSpec[] = SCENARIOS.map(([name, sc]) => ({
			key: `n=${SIZE}|${name}`,
			step: 1,
			size: SIZE,
			method: sc.method,
			gpus: sc.gpus,
			bins: sc.bins,
			scenario: sc,
			requests: SIZE
		}));
		const run = async (ex: RunExecutor): Promise<RunOutcome[]> => {
			pools.push(ex);
			await ex.prepare([{ size: SIZE, workload }]);
			return ex.run(specs);
		};
		const ref = await run(inProcessExecutor());
		expect(ref.every((o) => o.ok)).toBe(true);
		const one = await run(nodePoolExecutor({ workers: 1 }));
		const two = await run(nodePoolExecutor({ workers: 2 }));
		expect(JSON.stringify(one)).toBe(JSON.stringify(ref));
		expect(JSON.stringify(two)).toBe(JSON.stringify(ref));
	}, 60_000);
});
