/**
 * The two searches of the planner, written as generators so one driver can run every candidate's
 * search side by side and hand the pool one batch of runs per round (driver.ts), and so tests can
 * drive them with hand-made curves. A generator yields the point it wants evaluated and receives
 * whether that point meets the SLOs.
 *
 * Replica search: start at the analytic lower bound, double until a count meets the SLOs (or the
 * fleet limit is passed), bisect between the last miss and the first meet; the answer meets and the
 * count below it misses, both by a run. Attainment is not always monotone in replicas (greedy dispatch
 * forms smaller batches on more replicas), and bisection cannot see a dip, so the count above the answer
 * is run too: when it misses, the result says the curve was not monotone and a few counts below are
 * tried for a cheaper size.
 *
 * Headroom search: the highest rate the chosen deployment still serves, on a geometric grid of rates
 * (the target × 2^(k/16), so runs at one rate are shared across GPU types): double until a rate
 * misses, then bisect the exponent.
 */
import type { SearchOutcome } from './types';

/** Most counts tried below the answer once the curve is seen not to be monotone there. */
export const MAX_DOWNWARD_CHECKS = 4;

/** A search step: yields a replica count (or rate exponent), receives whether it meets the SLOs. */
export type SearchGen<R> = Generator<number, R, boolean>;

/** Whether some evaluated count misses while a smaller one meets. */
export function isNonMonotone(results: ReadonlyMap<number, boolean>): boolean {
	const sorted = [...results.entries()].sort((a, b) => a[0] - b[0]);
	let met = false;
	for (const [, ok] of sorted) {
		if (ok) met = true;
		else if (met) return true;
	}
	return false;
}

/**
 * The smallest replica count in [1, maxReplicas] meeting the SLOs. `lowerBound` is where the search
 * starts (clamped into range); a wrong bound costs runs, never the answer's verification.
 */
export function* replicaSearch(lowerBound: number, maxReplicas: number): SearchGen<SearchOutcome> {
	const seen = new Map<number, boolean>();
	const evaluated: number[] = [];
	function* at(n: number): SearchGen<boolean> {
		const known = seen.get(n);
		if (known !== undefined) return known;
		const ok = yield n;
		seen.set(n, ok);
		evaluated.push(n);
		return ok;
	}
	const done = (replicas: number | null): SearchOutcome => ({ replicas, nonMonotone: isNonMonotone(seen), evaluated });
	if (maxReplicas < 1) return done(null);

	// Exponential phase: from the bound upward until a count meets the SLOs.
	let lo = 0; // largest count known to miss (0: none yet)
	let hi: number | null = null; // smallest count known to meet
	let x = Math.min(maxReplicas, Math.max(1, Math.floor(lowerBound)));
	for (;;) {
		if (yield* at(x)) {
			hi = x;
			break;
		}
		lo = x;
		if (x >= maxReplicas) return done(null);
		x = Math.min(maxReplicas, x * 2);
	}
	// The bound itself met (it was too high): walk down by growing steps to a miss.
	if (lo === 0 && hi > 1) {
		let step = 1;
		while (hi - step >= 1 && (yield* at(hi - step))) {
			hi -= step;
			step *= 2;
		}
		lo = Math.max(0, hi - step);
	}
	// Bisection between the last miss and the first meet (0 counts as a miss): the answer meets and
	// the count below it misses, both by a run.
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		if (yield* at(mid)) hi = mid;
		else lo = mid;
	}
	// Bisection only ever looks between a miss and a meet, so it cannot see a dip. One count above the
	// answer must meet too; when it misses, the curve is not monotone here, and a few counts below the
	// one that missed are tried for a cheaper size that meets (each new answer again verified below).
	if (hi + 1 <= maxReplicas && !(yield* at(hi + 1))) {
		for (let n = hi - 2, checks = 0; n >= 1 && checks < MAX_DOWNWARD_CHECKS; n--, checks++) {
			if (!(yield* at(n))) continue;
			hi = n;
			while (hi > 1 && (yield* at(hi - 1))) hi--;
			break;
		}
	}
	return done(hi);
}

/** Steps of the headroom grid per doubling: rates are target × 2^(k / RATE_STEPS_PER_DOUBLING). */
export const RATE_STEPS_PER_DOUBLING = 16;

/** Most doublings of the rate the headroom search tries (2^6 = 64× the target). */
export const MAX_RATE_DOUBLINGS = 6;

/** The rate multiplier of grid exponent k. */
export function rateMultiplier(k: number): number {
	return 2 ** (k / RATE_STEPS_PER_DOUBLING);
}

/** What the headroom search found, in grid exponents (k = 0 is the target rate, known to meet). */
export interface HeadroomOutcome {
	/** Highest exponent that met the SLOs. */
	metK: number;
	/** Lowest exponent that missed, or null when every rate tried met (capacity at least metK). */
	missK: number | null;
}

/**
 * The rate exponents the headroom search probes first, for a deployment of `replicas` that just meets
 * the target (one fewer misses).
 * - Two or more replicas: such an answer usually sits at the edge, so one grid step up (k = 1) is tried
 *   first, and a miss there settles the headroom in one run. If it meets, the next probe sits just
 *   above replicas / (replicas − 1) times the target: with the load spread evenly, one fewer replica
 *   missing means this many hold at most about that much.
 * - One replica gives no such hint: double (k = 16).
 */
export function headroomProbes(replicas: number): number[] {
	if (replicas <= 1) return [RATE_STEPS_PER_DOUBLING];
	const edge = Math.min(RATE_STEPS_PER_DOUBLING, Math.ceil(RATE_STEPS_PER_DOUBLING * Math.log2(replicas / (replicas - 1))) + 1);
	return edge > 1 ? [1, edge] : [1];
}

/**
 * Highest rate exponent meeting the SLOs, from k = 0 (the target, already known to meet): the
 * `probes` in ascending order until one misses; if all meet, double (k += 16) until a miss; then
 * bisect the exponent at most `steps` times (a 16-wide bracket needs 4: within 2^(1/16) ≈ 4.4%).
 */
export function* headroomSearch(steps: number, probes: number[] = [RATE_STEPS_PER_DOUBLING], maxDoublings = MAX_RATE_DOUBLINGS): SearchGen<HeadroomOutcome> {
	let lo = 0;
	let hi: number | null = null;
	const maxK = maxDoublings * RATE_STEPS_PER_DOUBLING;
	const ks = [...new Set(probes.filter((k) => k >= 1 && k <= maxK))].sort((a, b) => a - b);
	let next = ks.length ? ks[ks.length - 1] + RATE_STEPS_PER_DOUBLING : RATE_STEPS_PER_DOUBLING;
	for (const k of ks) {
		if (yield k) lo = k;
		else {
			hi = k;
			break;
		}
	}
	for (; hi === null && next <= maxK; next += RATE_STEPS_PER_DOUBLING) {
		if (yield next) lo = next;
		else hi = next;
	}
	if (hi === null) return { metK: lo, missK: null };
	for (let i = 0; i < steps && hi - lo > 1; i++) {
		const mid = Math.floor((lo + hi) / 2);
		if (yield mid) lo = mid;
		else hi = mid;
	}
	return { metK: lo, missK: hi };
}

/** Runs a search generator synchronously against `meets` (tests, and any caller with a cheap oracle). */
export function runSearch<R>(gen: SearchGen<R>, meets: (x: number) => boolean): R {
	let step = gen.next(false);
	while (!step.done) step = gen.next(meets(step.value));
	return step.value;
}
