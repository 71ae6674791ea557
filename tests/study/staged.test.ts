/**
 * Staged workloads (run-study.ts StagedWorkloads, state/staged-workloads.ts): the smallest size's
 * workload runs while the larger ones are still being cut. The result must be the very one of a study
 * given every workload at once; a shaping error or a cancel while the rest are cut must reach the caller,
 * and leave no parse worker running.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stageStudyWorkloads } from '../../src/lib/state/staged-workloads';
import { isStudyCancelled } from '../../src/lib/study/cancel';
import { studyConfig } from '../../src/lib/study/config';
import { inProcessExecutor } from '../../src/lib/study/in-process';
import { runStudy, type StagedWorkloads } from '../../src/lib/study/run-study';
import { fitStudyToTrace, studyWorkloads } from '../../src/lib/study/shape';
import type { RunSpec, StudyConfig, StudyProgress, StudyResult, StudyWorkload } from '../../src/lib/study/types';
import { synthesizeBurstGpt } from '../../src/lib/trace/synth';
import type { Trace } from '../../src/lib/trace/types';

const comparable = (r: StudyResult) => JSON.stringify({ ...r, wallS: 0 });
const later = <T>(value: T, ms = 30) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

/** Staged input built the way the page builds it, with the rest arriving `ms` after they are asked for. */
function staged(trace: Trace, config: StudyConfig, ms = 30, restAfterFirst = false): StagedWorkloads {
	const all = studyWorkloads(trace, config);
	const fit = fitStudyToTrace(trace, config);
	if (!all.ok || !fit.ok) throw new Error('the test trace must shape');
	const [first, ...rest] = all.workloads;
	return { sizes: fit.config.sizes, notices: fit.notices, first, rest: () => later(rest, ms), restAfterFirst };
}

describe('a study whose larger workloads arrive later', () => {
	it.each([
		['three sizes that fit the trace', 3000, [500, 1500, 3000], false],
		['three sizes, the rest cut after the first workload', 3000, [500, 1500, 3000], true],
		['sizes above a short trace, fitted to it (with the notice)', 1200, [300, 1000, 100000, 1000000], false]
	])('gives the same result and progress totals as all at once: %s', async (_, rows, sizes, restAfterFirst) => {
		const trace = synthesizeBurstGpt(rows, 4);
		const config = studyConfig({ sizes, gpuCounts: [1, 2], binCounts: [1, 2] });
		const progressAll: StudyProgress[] = [];
		const progressStaged: StudyProgress[] = [];
		const spec: RunSpec[] = [];
		const all = await runStudy({ trace }, config, inProcessExecutor(), (p) => progressAll.push(p));
		const exec = inProcessExecutor();
		const run = exec.run.bind(exec);
		exec.run = (specs, onEach) => run(specs, (s, o) => (spec.push(s), onEach?.(s, o)));
		const got = await runStudy({ staged: staged(trace, config, 30, restAfterFirst) }, config, exec, (p) => progressStaged.push(p));
		expect(comparable(got)).toBe(comparable(all));
		expect(progressStaged.map((p) => [p.runsTotal, p.requestsTotal])).toEqual(progressAll.map((p) => [p.runsTotal, p.requestsTotal]));
		expect(progressStaged.at(-1)?.requestsDone).toBe(progressAll.at(-1)?.requestsDone);
		// Every run of the smallest workload is handed out before any run of a larger one.
		const smallest = Math.min(...got.config.sizes);
		const firstLarger = spec.findIndex((s) => s.size !== smallest);
		expect(firstLarger).toBeGreaterThan(0);
		expect(spec.slice(firstLarger, spec.findIndex((s) => s.step === 2)).some((s) => s.size === smallest)).toBe(false);
		if (rows === 1200) expect(got.notices.join(' ')).toMatch(/fewer than the sizes 100,000, 1,000,000/);
	});

	it('fills in the smallest workload before the larger ones have arrived', async () => {
		const trace = synthesizeBurstGpt(3000, 4);
		const config = studyConfig({ sizes: [500, 3000], gpuCounts: [1, 2], binCounts: [1] });
		let arrived = false;
		const s = staged(trace, config, 0);
		const rest = s.rest;
		s.rest = async () => {
			const w = await rest();
			// Held back until the smallest workload's partial result was handed over.
			await vi.waitFor(() => expect(partials.length).toBeGreaterThan(0), { timeout: 10_000 });
			arrived = true;
			return w;
		};
		const partials: { sizesDone: number[]; arrived: boolean }[] = [];
		await runStudy({ staged: s }, config, inProcessExecutor(), undefined, (p) => partials.push({ sizesDone: p.partial?.sizesDone ?? [], arrived }));
		expect(partials[0]).toEqual({ sizesDone: [500], arrived: false });
		expect(partials.at(-1)?.sizesDone).toEqual([500, 3000]);
	});

	it('rejects with the shaping error of a larger workload, after the first workload ran', async () => {
		const trace = synthesizeBurstGpt(3000, 4);
		const config = studyConfig({ sizes: [500, 3000], gpuCounts: [1], binCounts: [1] });
		const s = staged(trace, config);
		s.rest = () => Promise.reject(new Error('Cannot shape trace.csv: its arrivals are too dense for this RPS scale.'));
		let runs = 0;
		await expect(runStudy({ staged: s }, config, inProcessExecutor(), () => runs++)).rejects.toThrow('Cannot shape trace.csv: its arrivals are too dense');
		expect(runs).toBeGreaterThan(0);
	});

	it('refuses a first workload that is not the smallest size', async () => {
		const trace = synthesizeBurstGpt(3000, 4);
		const config = studyConfig({ sizes: [500, 3000], gpuCounts: [1], binCounts: [1] });
		const s = staged(trace, config);
		const all = studyWorkloads(trace, config);
		if (!all.ok) throw new Error('shape');
		s.first = all.workloads[1] as StudyWorkload;
		await expect(runStudy({ staged: s }, config, inProcessExecutor())).rejects.toThrow(/first workload must be its smallest size \(500\)/);
	});
});

/** A parse worker that never answers, and records whether it was terminated. */
class SilentWorker {
	static made: SilentWorker[] = [];
	terminated = false;
	constructor() {
		SilentWorker.made.push(this);
	}
	postMessage(): void {}
	addEventListener(): void {}
	removeEventListener(): void {}
	start(): void {}
	terminate(): void {
		this.terminated = true;
	}
}

describe('the page staging (stageStudyWorkloads)', () => {
	afterEach(() => {
		vi.unstubAllGlobals();
		SilentWorker.made = [];
	});

	it('cuts the smallest workload here and the rest in a parse worker that a cancel terminates, rejecting as cancelled', async () => {
		vi.stubGlobal('Worker', SilentWorker);
		const trace = synthesizeBurstGpt(3000, 4);
		const config = studyConfig({ sizes: [500, 3000], gpuCounts: [1, 2], binCounts: [1] });
		const abort = new AbortController();
		// 8 cores for 2 workers: the parse worker cuts the rest while the first workload runs.
		const s = stageStudyWorkloads(trace, config, abort.signal, undefined, { workers: 2, cores: 8 });
		expect(s.restAfterFirst).toBe(false);
		expect(s.first.size).toBe(500);
		expect(s.first.workload.arrivalS).toHaveLength(500);
		const exec = inProcessExecutor();
		let firstDone = 0;
		const study = runStudy({ staged: s }, config, exec, undefined, (p) => {
			firstDone = p.partial?.sizesDone.length ?? 0;
			// The first workload is complete while the rest are still being cut: the person cancels now.
			if (firstDone > 0) abort.abort();
		});
		const err = await study.then(
			() => null,
			(e: unknown) => e
		);
		expect(isStudyCancelled(err)).toBe(true);
		expect(firstDone).toBe(1);
		expect(SilentWorker.made).toHaveLength(1);
		expect(SilentWorker.made[0].terminated).toBe(true);
	});

	it('on 2 cores with 2 workers, asks for the rest only after the first workload, and a cancel before then starts no parse worker', async () => {
		vi.stubGlobal('Worker', SilentWorker);
		const trace = synthesizeBurstGpt(3000, 4);
		const config = studyConfig({ sizes: [500, 3000], gpuCounts: [1, 2], binCounts: [1] });
		const abort = new AbortController();
		const s = stageStudyWorkloads(trace, config, abort.signal, undefined, { workers: 2, cores: 2 });
		expect(s.restAfterFirst).toBe(true);
		const made: number[] = [];
		const err = await runStudy({ staged: s }, config, inProcessExecutor(), undefined, (p) => {
			if (!p.partial?.sizesDone.length) return;
			made.push(SilentWorker.made.length);
			// The parse worker, started after this, never answers: the person cancels while the study waits.
			setTimeout(() => abort.abort(), 20);
		}).then(
			() => null,
			(e: unknown) => e
		);
		// No parse worker while the first workload ran; the one started after it was terminated by the cancel.
		expect(made).toEqual([0]);
		expect(isStudyCancelled(err)).toBe(true);
		expect(SilentWorker.made).toHaveLength(1);
		expect(SilentWorker.made[0].terminated).toBe(true);
	});

	it('a cancel before the study starts its runs leaves no parse worker running', async () => {
		vi.stubGlobal('Worker', SilentWorker);
		const abort = new AbortController();
		const s = stageStudyWorkloads(synthesizeBurstGpt(3000, 4), studyConfig({ sizes: [500, 3000] }), abort.signal);
		const rest = s.rest();
		abort.abort();
		await expect(rest).rejects.toThrow('The study was cancelled.');
		expect(SilentWorker.made.every((w) => w.terminated)).toBe(true);
	});

	it('says what is wrong when the trace cannot give the smallest workload', () => {
		const trace = synthesizeBurstGpt(100, 4);
		trace.outputTokens.fill(0);
		expect(() => stageStudyWorkloads(trace, studyConfig({ sizes: [50], keepFailed: false }), new AbortController().signal)).toThrow(/has no usable requests once failed rows are dropped; load a trace with requests/);
		expect(() => stageStudyWorkloads(synthesizeBurstGpt(100, 4), studyConfig({ sizes: [50], rpsScale: -2 }), new AbortController().signal)).toThrow(/RPS scale/);
	});

	it('without workers, gives the same workloads as cutting every size at once', async () => {
		const trace = synthesizeBurstGpt(3000, 4);
		const config = studyConfig({ sizes: [500, 1500, 3000] });
		const s = stageStudyWorkloads(trace, config, new AbortController().signal);
		const all = studyWorkloads(trace, config);
		if (!all.ok) throw new Error('shape');
		const got = [s.first, ...(await s.rest())];
		expect(got.map((w) => [w.size, Array.from(w.workload.arrivalS)])).toEqual(all.workloads.map((w) => [w.size, Array.from(w.workload.arrivalS)]));
	});
});
