/**
 * A seeded, deterministic BurstGPT-like trace: the built-in default workload, and a way to reach
 * 1M+ requests without the 52 MB download. Always labelled synthetic.
 *
 * Targets (BurstGPT_1, Wang et al. KDD '25, as published in the repository README / paper):
 *   request tokens  p25 137, median 251, p75 758, mean 611, max ~29.7K
 *   response tokens p25 7,   median 34,  p75 134, mean 123, max ~7.3K
 *   1.78% failed rows (0 response tokens); ChatGPT ~85% / GPT-4 ~15%; API ~90% / Conversation ~10%;
 *   integer-second timestamps, mean gap 3.69 s, gap coefficient of variation ~13 (very bursty).
 *
 * Token counts come from a piecewise log-linear inverse CDF through the published quantiles; the
 * upper knots (p90, p99, p99.9) were chosen so the integral of the inverse CDF gives the published means.
 * Gaps are a two-component exponential mixture: short gaps inside bursts and rare long idle periods
 * (0.42% of gaps, mean 525 s) — mean 3.69 s and CV ≈ 13, as in the real trace.
 */
import { randomExponential, randomLcg, randomUniform } from 'd3-random';
import type { Trace } from './types';

/** [cumulative probability, tokens] knots of the inverse CDF (log-linear in between). */
const REQUEST_KNOTS: readonly (readonly [number, number])[] = [
	[0, 1],
	[0.05, 30],
	[0.25, 137],
	[0.5, 251],
	[0.75, 758],
	[0.9, 1500],
	[0.99, 3500],
	[0.999, 6000],
	[1, 29700]
];
const RESPONSE_KNOTS: readonly (readonly [number, number])[] = [
	[0, 1],
	[0.25, 7],
	[0.5, 34],
	[0.75, 134],
	[0.9, 300],
	[0.99, 900],
	[0.999, 3000],
	[1, 7300]
];

/** Share of failed rows (0 response tokens) in BurstGPT_1. */
export const SYNTH_FAILED_SHARE = 0.0178;
/** Share of GPT-4 rows (the rest are ChatGPT). */
export const SYNTH_GPT4_SHARE = 0.15;
/** Share of Conversation-log rows (the rest are API log). */
export const SYNTH_CONVERSATION_SHARE = 0.1;
/** Mean gap between requests in seconds. */
export const SYNTH_MEAN_GAP_S = 3.69;
/** Long-gap component of the gap mixture: probability and mean length (seconds). */
const IDLE_P = 0.0042;
const IDLE_MEAN_S = 525;
/** Short-gap mean, chosen so the mixture mean is SYNTH_MEAN_GAP_S. */
const BURST_MEAN_S = (SYNTH_MEAN_GAP_S - IDLE_P * IDLE_MEAN_S) / (1 - IDLE_P);

const MODEL_NAMES = ['ChatGPT', 'GPT-4'];
const LOG_TYPE_NAMES = ['Conversation log', 'API log'];

/** Inverse CDF by log-linear interpolation between knots; u in [0, 1). */
function inverseCdf(knots: readonly (readonly [number, number])[], lnV: Float64Array, u: number): number {
	let i = 1;
	while (i < knots.length - 1 && u > knots[i][0]) i++;
	const [u0] = knots[i - 1];
	const [u1] = knots[i];
	const f = (u - u0) / (u1 - u0);
	return Math.round(Math.exp(lnV[i - 1] + f * (lnV[i] - lnV[i - 1])));
}

/** The name of a synthetic trace, so every view that shows it says what it is. */
export function syntheticName(seed: number): string {
	return `synthetic BurstGPT-like (seed ${seed})`;
}

/** Generates n BurstGPT-like requests, deterministic for a given seed (d3-random's LCG source). */
export function synthesizeBurstGpt(n: number, seed: number): Trace {
	const count = Math.max(0, Math.floor(n));
	const source = randomLcg(seed);
	const uniform = randomUniform.source(source)(0, 1);
	const burst = randomExponential.source(source)(1 / BURST_MEAN_S);
	const idle = randomExponential.source(source)(1 / IDLE_MEAN_S);
	const reqLn = Float64Array.from(REQUEST_KNOTS, ([, v]) => Math.log(v));
	const respLn = Float64Array.from(RESPONSE_KNOTS, ([, v]) => Math.log(v));

	const arrivalS = new Float64Array(count);
	const promptTokens = new Uint32Array(count);
	const outputTokens = new Uint32Array(count);
	const modelCode = new Uint8Array(count);
	const logTypeCode = new Uint8Array(count);
	// Continuous clock floored to whole seconds, as BurstGPT logs them; first request at t = 0.
	let clock = 0;
	for (let i = 0; i < count; i++) {
		if (i > 0) clock += uniform() < IDLE_P ? idle() : burst();
		arrivalS[i] = Math.floor(clock);
		promptTokens[i] = inverseCdf(REQUEST_KNOTS, reqLn, uniform());
		// Failed rows take the bottom SYNTH_FAILED_SHARE of the response CDF, so the published
		// quantiles (which count failed rows as 0 tokens) hold for the whole trace.
		const u = uniform();
		outputTokens[i] = u < SYNTH_FAILED_SHARE ? 0 : inverseCdf(RESPONSE_KNOTS, respLn, u);
		modelCode[i] = uniform() < SYNTH_GPT4_SHARE ? 1 : 0;
		logTypeCode[i] = uniform() < SYNTH_CONVERSATION_SHARE ? 0 : 1;
	}
	return {
		name: syntheticName(seed),
		format: 'synthetic',
		synthetic: true,
		arrivalS,
		promptTokens,
		outputTokens,
		modelCode,
		modelNames: [...MODEL_NAMES],
		logTypeCode,
		logTypeNames: [...LOG_TYPE_NAMES]
	};
}

/** The BurstGPT v1 header line. */
export const BURSTGPT_V1_HEADER = 'Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type';

/** Quotes a CSV field only when it needs it (names from other traces may hold commas or quotes). */
function csvField(s: string): string {
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Yields a trace as BurstGPT v1 CSV lines (header first), without line terminators. */
export function* burstGptCsvLines(trace: Trace): Generator<string> {
	yield BURSTGPT_V1_HEADER;
	const models = trace.modelNames.map(csvField);
	const logs = trace.logTypeNames.map(csvField);
	for (let i = 0; i < trace.arrivalS.length; i++) {
		const p = trace.promptTokens[i];
		const o = trace.outputTokens[i];
		yield `${trace.arrivalS[i]},${models[trace.modelCode[i]] ?? 'unknown'},${p},${o},${p + o},${logs[trace.logTypeCode[i]] ?? 'unknown'}`;
	}
}
