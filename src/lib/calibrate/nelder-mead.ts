/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965, with the standard coefficients 1, 2, ½, ½):
 * derivative-free, so the per-operator model's max() kinks do not upset it. A few restarts from the
 * best point escape the simplex collapsing early. Small and dependency-free.
 */

/** Options: iterations per run, restarts, initial step per coordinate, convergence tolerance on f. */
export interface NelderMeadOptions {
	maxIter?: number;
	restarts?: number;
	step?: number;
	tolF?: number;
}

/** The minimum found: its point and value. */
export interface Minimum {
	x: number[];
	fx: number;
}

function run(f: (x: number[]) => number, x0: number[], step: number, maxIter: number, tolF: number): Minimum {
	const n = x0.length;
	const simplex: number[][] = [x0.slice()];
	for (let i = 0; i < n; i++) {
		const v = x0.slice();
		v[i] += step;
		simplex.push(v);
	}
	const values = simplex.map(f);
	const order = simplex.map((_, i) => i);
	const point = (from: number[], to: number[], t: number) => from.map((a, i) => a + t * (to[i] - a));
	for (let it = 0; it < maxIter; it++) {
		order.sort((a, b) => values[a] - values[b]);
		const best = order[0];
		const worst = order[n];
		if (Math.abs(values[worst] - values[best]) <= tolF * (Math.abs(values[best]) + 1e-12)) break;
		const centroid = new Array<number>(n).fill(0);
		for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] += simplex[order[k]][i] / n;
		const reflected = point(centroid, simplex[worst], -1);
		const fr = f(reflected);
		if (fr < values[best]) {
			const expanded = point(centroid, simplex[worst], -2);
			const fe = f(expanded);
			[simplex[worst], values[worst]] = fe < fr ? [expanded, fe] : [reflected, fr];
		} else if (fr < values[order[n - 1]]) {
			[simplex[worst], values[worst]] = [reflected, fr];
		} else {
			const outside = fr < values[worst];
			const contracted = point(centroid, outside ? reflected : simplex[worst], 0.5);
			const fc = f(contracted);
			if (fc < (outside ? fr : values[worst])) {
				[simplex[worst], values[worst]] = [contracted, fc];
			} else {
				// Shrink every vertex towards the best one.
				for (let k = 1; k <= n; k++) {
					const i = order[k];
					simplex[i] = point(simplex[best], simplex[i], 0.5);
					values[i] = f(simplex[i]);
				}
			}
		}
	}
	let b = 0;
	for (let i = 1; i <= n; i++) if (values[i] < values[b]) b = i;
	return { x: simplex[b], fx: values[b] };
}

/** Minimises f from x0; restarts from the best point found until it stops improving. */
export function nelderMead(f: (x: number[]) => number, x0: number[], opts: NelderMeadOptions = {}): Minimum {
	const { maxIter = 3000, restarts = 6, step = 0.5, tolF = 1e-10 } = opts;
	let best = run(f, x0, step, maxIter, tolF);
	for (let r = 0; r < restarts; r++) {
		const next = run(f, best.x, step / (r + 1), maxIter, tolF);
		const improved = next.fx < best.fx - 1e-12 * Math.abs(best.fx);
		if (next.fx < best.fx) best = next;
		if (!improved) break;
	}
	return best;
}
