/**
 * Runs every candidate's replica search side by side, in rounds: each round asks one point of every
 * unfinished search and hands them to `evaluate` as one batch, so a worker pool stays busy across GPU
 * types instead of waiting on one search at a time. Then the headroom of each GPU type's cheapest
 * deployment, the same way. `evaluate` is injected: the executor in run-plan.ts, or a hand-made curve
 * in tests. Equal requests are evaluated once (memo by candidate, replicas and rate).
 */
import { headroomProbes, headroomSearch, replicaSearch, type HeadroomOutcome, type SearchGen } from './search';
import type { PlanCandidate, PlanEvaluation, PlanProgress, PlanProgressFn, SearchOutcome } from './types';

/** One point to evaluate: a candidate at a replica count, at the target rate × 2^(rateK/16). */
export interface EvalRequest {
	candidate: PlanCandidate;
	replicas: number;
	rateK: number;
}

/** Evaluates a batch (in order); `onEach` may report each as it finishes (progress). */
export type EvaluateBatch = (reqs: EvalRequest[], onEach?: () => void) => Promise<PlanEvaluation[]>;

/** Whether an evaluation meets the attainment target. */
export function meets(e: PlanEvaluation, attainment: number): boolean {
	return !e.error && e.sloAttainment !== null && e.sloAttainment >= attainment - 1e-12;
}

/** Every evaluation the plan made, by request. */
export interface EvalLog {
	get(candidateId: string, replicas: number, rateK: number): PlanEvaluation | undefined;
	/** Target-rate evaluations (rateK = 0) in the order made. */
	targetPoints(): { candidate: PlanCandidate; replicas: number; evaluation: PlanEvaluation }[];
	runs(): number;
}

interface Active<R> {
	key: string;
	gen: SearchGen<R>;
	/** The value the generator is waiting on. */
	pending: EvalRequest;
}

const memoKey = (r: { candidate: PlanCandidate; replicas: number; rateK: number }) => `${r.candidate.id}|r=${r.replicas}|k=${r.rateK}`;

/** The memoised evaluator and its log. */
function evalMemo(evaluate: EvaluateBatch, progress: PlanProgress, onProgress?: PlanProgressFn) {
	const memo = new Map<string, { req: EvalRequest; evaluation: PlanEvaluation }>();
	let runs = 0;
	const log: EvalLog = {
		get: (id, replicas, rateK) => memo.get(`${id}|r=${replicas}|k=${rateK}`)?.evaluation,
		targetPoints: () => [...memo.values()].filter((m) => m.req.rateK === 0).map((m) => ({ candidate: m.req.candidate, replicas: m.req.replicas, evaluation: m.evaluation })),
		runs: () => runs
	};
	async function batch(reqs: EvalRequest[]): Promise<PlanEvaluation[]> {
		const fresh = new Map<string, EvalRequest>();
		for (const r of reqs) if (!memo.has(memoKey(r))) fresh.set(memoKey(r), r);
		const list = [...fresh.values()];
		if (list.length) {
			progress.runsRequested += list.length;
			onProgress?.(snapshot(progress));
			const out = await evaluate(list, () => {
				progress.runsDone++;
				onProgress?.(snapshot(progress));
			});
			runs += list.length;
			list.forEach((r, i) => memo.set(memoKey(r), { req: r, evaluation: out[i] }));
		}
		return reqs.map((r) => (memo.get(memoKey(r)) as { evaluation: PlanEvaluation }).evaluation);
	}
	return { batch, log };
}

function snapshot(p: PlanProgress): PlanProgress {
	return { ...p, finished: [...p.finished] };
}

/**
 * Drives searches to completion in rounds. `start` gives each search; `toRequest` turns its yielded
 * number into a request; `judge` says whether an evaluation meets; `done` receives each result.
 */
async function rounds<R>(
	searches: { key: string; gen: SearchGen<R>; toRequest: (x: number) => EvalRequest }[],
	batch: (reqs: EvalRequest[]) => Promise<PlanEvaluation[]>,
	judge: (e: PlanEvaluation) => boolean,
	done: (key: string, result: R) => void,
	/** The result of a search whose run failed, when a failure ends it (the same error at any size); undefined = count it as a miss. */
	onError?: (req: EvalRequest) => R | undefined
): Promise<void> {
	const toReq = new Map(searches.map((s) => [s.key, s.toRequest]));
	let active: Active<R>[] = [];
	for (const s of searches) {
		const step = s.gen.next(false);
		if (step.done) done(s.key, step.value);
		else active.push({ key: s.key, gen: s.gen, pending: s.toRequest(step.value) });
	}
	while (active.length) {
		const evals = await batch(active.map((a) => a.pending));
		const next: Active<R>[] = [];
		active.forEach((a, i) => {
			const stopped = evals[i].error !== undefined ? onError?.(a.pending) : undefined;
			if (stopped !== undefined) {
				done(a.key, stopped);
				return;
			}
			const step = a.gen.next(judge(evals[i]));
			if (step.done) done(a.key, step.value);
			else next.push({ ...a, pending: (toReq.get(a.key) as (x: number) => EvalRequest)(step.value) });
		});
		active = next;
	}
}

/** What the driver found. */
export interface DriverResult {
	searches: Map<string, SearchOutcome>;
	headroom: Map<string, HeadroomOutcome>;
	log: EvalLog;
}

/**
 * Sizes every candidate, then calls `chooseForHeadroom` with the searches to learn which candidates
 * (one per GPU type) get a headroom search, and runs those.
 */
export async function drivePlan(
	candidates: PlanCandidate[],
	opts: { attainment: number; maxGpus: number; headroomSteps: number },
	evaluate: EvaluateBatch,
	chooseForHeadroom: (searches: Map<string, SearchOutcome>, log: EvalLog) => PlanCandidate[],
	onProgress?: PlanProgressFn
): Promise<DriverResult> {
	const searchable = candidates.filter((c) => c.hopeless === null);
	const progress: PlanProgress = { phase: 'search', candidatesDone: 0, candidatesTotal: candidates.length, runsDone: 0, runsRequested: 0, finished: [] };
	const { batch, log } = evalMemo(evaluate, progress, onProgress);
	const judge = (e: PlanEvaluation) => meets(e, opts.attainment);
	const searches = new Map<string, SearchOutcome>();
	for (const c of candidates.filter((c) => c.hopeless !== null)) {
		searches.set(c.id, { replicas: null, nonMonotone: false, evaluated: [] });
		progress.candidatesDone++;
		progress.finished.push({ candidateId: c.id, replicas: null });
	}
	onProgress?.(snapshot(progress));
	await rounds(
		searchable.map((c) => ({
			key: c.id,
			gen: replicaSearch(c.lowerBound, Math.floor(opts.maxGpus / c.tp)),
			toRequest: (replicas: number) => ({ candidate: c, replicas, rateK: 0 })
		})),
		batch,
		judge,
		(key, result) => {
			searches.set(key, result);
			progress.candidatesDone++;
			progress.finished.push({ candidateId: key, replicas: result.replicas });
			onProgress?.(snapshot(progress));
		},
		// A run that fails (the model does not fit, a bad scenario) fails the same way at any size:
		// the search ends there, and the candidate's reason quotes the error.
		(req) => ({ replicas: null, nonMonotone: false, evaluated: [req.replicas] })
	);

	progress.phase = 'headroom';
	onProgress?.(snapshot(progress));
	const headroom = new Map<string, HeadroomOutcome>();
	const chosen = chooseForHeadroom(searches, log);
	await rounds(
		chosen.map((c) => ({
			key: c.id,
			gen: headroomSearch(opts.headroomSteps, headroomProbes(searches.get(c.id)?.replicas ?? 1)),
			toRequest: (rateK: number) => ({ candidate: c, replicas: searches.get(c.id)?.replicas as number, rateK })
		})),
		batch,
		judge,
		(key, result) => headroom.set(key, result)
	);
	progress.phase = 'done';
	onProgress?.(snapshot(progress));
	return { searches, headroom, log };
}
