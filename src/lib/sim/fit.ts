/**
 * The fitted latency model for people who measured their own GPU:
 *   T(b, L) = alpha + beta·L·(1 + gamma·(b−1)/b)
 * is linear in (alpha, beta, beta·gamma) with regressors (1, L, L·(b−1)/b), so ordinary least squares
 * (3×3 normal equations) fits it exactly; gamma = (beta·gamma)/beta. R² = 1 − SS_res / SS_tot.
 * Input: a grid CSV with columns batch_size,max_seq_len,mean_latency_sec (any order, header required).
 */
import type { UserError } from '../trace/types';

/** One measured grid point. */
export interface LatencyRow {
	batchSize: number;
	maxSeqLen: number;
	meanLatencyS: number;
}

/** Fitted parameters (seconds) and the goodness of fit. */
export interface LatencyFit {
	alphaS: number;
	betaS: number;
	gamma: number;
	r2: number;
}

/** The columns the grid CSV must have. */
export const GRID_COLUMNS = ['batch_size', 'max_seq_len', 'mean_latency_sec'] as const;

/** Least-squares fit of T(b, L); an error when the grid cannot determine the three parameters. */
export function fitLatencyModel(rows: LatencyRow[]): { ok: true; fit: LatencyFit } | { ok: false; error: UserError } {
	const fail = (message: string) => ({ ok: false as const, error: { code: 'fit-failed', message } });
	if (rows.length < 3) return fail(`The latency grid has ${rows.length} row(s); at least 3 are needed to fit alpha, beta and gamma.`);
	// Normal equations XᵀX θ = Xᵀy for x = (1, L, L·(b−1)/b).
	const A = [
		[0, 0, 0],
		[0, 0, 0],
		[0, 0, 0]
	];
	const r = [0, 0, 0];
	let ySum = 0;
	for (const row of rows) {
		const x = [1, row.maxSeqLen, (row.maxSeqLen * (row.batchSize - 1)) / row.batchSize];
		for (let i = 0; i < 3; i++) {
			r[i] += x[i] * row.meanLatencyS;
			for (let j = 0; j < 3; j++) A[i][j] += x[i] * x[j];
		}
		ySum += row.meanLatencyS;
	}
	const theta = solve3(A, r);
	if (!theta) {
		return fail(
			'The latency grid cannot separate alpha, beta and gamma: it needs at least two different sequence lengths and at least two different batch sizes.'
		);
	}
	const [alphaS, betaS, betaGamma] = theta;
	if (!(betaS > 0)) return fail(`The fitted beta is ${betaS.toExponential(3)} s per token (not positive): latency does not grow with sequence length in this grid. Check the columns.`);
	const yMean = ySum / rows.length;
	let ssRes = 0;
	let ssTot = 0;
	for (const row of rows) {
		const pred = alphaS + betaS * row.maxSeqLen + (betaGamma * row.maxSeqLen * (row.batchSize - 1)) / row.batchSize;
		ssRes += (row.meanLatencyS - pred) ** 2;
		ssTot += (row.meanLatencyS - yMean) ** 2;
	}
	return { ok: true, fit: { alphaS, betaS, gamma: betaGamma / betaS, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1 } };
}

/** Gaussian elimination with partial pivoting; null when (numerically) singular. */
function solve3(A: number[][], b: number[]): [number, number, number] | null {
	const m = A.map((row, i) => [...row, b[i]]);
	const scale = Math.max(...m.flat().map(Math.abs), 1e-300);
	for (let c = 0; c < 3; c++) {
		let p = c;
		for (let i = c + 1; i < 3; i++) if (Math.abs(m[i][c]) > Math.abs(m[p][c])) p = i;
		if (Math.abs(m[p][c]) <= scale * 1e-12) return null;
		[m[c], m[p]] = [m[p], m[c]];
		for (let i = 0; i < 3; i++) {
			if (i === c) continue;
			const f = m[i][c] / m[c][c];
			for (let j = c; j < 4; j++) m[i][j] -= f * m[c][j];
		}
	}
	return [m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]];
}

/**
 * Parses the grid CSV (header row, then numbers). Errors name the line (1-based) and the column.
 * Blank lines are skipped; extra columns are ignored.
 */
export function parseLatencyGrid(text: string): { ok: true; rows: LatencyRow[] } | { ok: false; error: UserError } {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const headerLine = lines.findIndex((l) => l.trim() !== '');
	if (headerLine < 0) return { ok: false, error: { code: 'empty-file', message: 'The latency grid file is empty. Expected a header batch_size,max_seq_len,mean_latency_sec and rows of numbers.' } };
	const header = lines[headerLine].split(',').map((h) => h.trim().toLowerCase());
	const idx = GRID_COLUMNS.map((c) => header.indexOf(c));
	const missing = GRID_COLUMNS.filter((_, i) => idx[i] < 0);
	if (missing.length > 0) {
		return {
			ok: false,
			error: {
				code: 'missing-columns',
				line: headerLine + 1,
				field: missing[0],
				message: `Line ${headerLine + 1}: the latency grid header lacks ${missing.join(', ')} (found: ${header.join(', ')}). The header must name batch_size,max_seq_len,mean_latency_sec.`
			}
		};
	}
	const rows: LatencyRow[] = [];
	for (let i = headerLine + 1; i < lines.length; i++) {
		if (lines[i].trim() === '') continue;
		const cells = lines[i].split(',');
		const vals: number[] = [];
		for (let c = 0; c < 3; c++) {
			const raw = (cells[idx[c]] ?? '').trim();
			const v = Number(raw);
			const needInt = c < 2;
			if (raw === '' || !Number.isFinite(v) || v < (needInt ? 1 : 0) || (needInt && !Number.isInteger(v))) {
				return {
					ok: false,
					error: {
						code: 'bad-value',
						line: i + 1,
						field: GRID_COLUMNS[c],
						message: `Line ${i + 1}: ${GRID_COLUMNS[c]} is "${raw}", expected ${needInt ? 'a whole number ≥ 1' : 'seconds ≥ 0'}. Fix or remove the line.`
					}
				};
			}
			vals.push(v);
		}
		rows.push({ batchSize: vals[0], maxSeqLen: vals[1], meanLatencyS: vals[2] });
	}
	return { ok: true, rows };
}
