/**
 * The words a results page uses that a newcomer may not know, each with a definition in the page's own
 * terms. How it works renders them as a glossary (anchors "g-<id>"); table headers and chart axis
 * titles that name a term get its definition as a tooltip and a link to its entry
 * (components/term-tips.ts; charts/Axes.svelte). It lives beside labels.ts, the other words charts print. Pure data and matching: no DOM, no Svelte (tests/charts/glossary.test.ts).
 */

/** One glossary entry. */
export interface Term {
	/** Anchor id on How it works: "g-" + id. */
	id: string;
	/** The name as printed ("TTFT", "P95"). */
	term: string;
	/** Longer name, if the term is an abbreviation. */
	expansion?: string;
	/** One or two plain sentences. */
	definition: string;
	/** Matches the term inside a header or axis title (word boundaries; case as written). */
	pattern: RegExp;
}

/** Every term, most specific first (a header "P95 TTFT" names both P95 and TTFT). */
export const GLOSSARY: readonly Term[] = [
	{ id: 'ttft', term: 'TTFT', expansion: 'time to first token', definition: 'Seconds from a request’s arrival until its first output token: queueing plus the prompt’s prefill.', pattern: /\bTTFT\b/ },
	{ id: 'tpot', term: 'TPOT / TBT', expansion: 'time per output token / time between tokens', definition: 'A request’s mean time per output token after the first: (E2E − TTFT) / (output tokens − 1). The SLO’s per-token target reads it.', pattern: /\b(TPOT|TBT)\b/ },
	{ id: 'itl', term: 'ITL', expansion: 'inter-token latency', definition: 'Each single gap between two consecutive output tokens of a request; its P95 shows stalls that a mean TPOT hides.', pattern: /\bITL\b/ },
	{ id: 'e2e', term: 'E2E', expansion: 'end-to-end latency', definition: 'Seconds from a request’s arrival until its last output token: what the user waits in total.', pattern: /\bE2E\b/ },
	{ id: 'percentile', term: 'P50 / P95 / P99', expansion: 'percentiles', definition: 'The value that 50%, 95% or 99% of requests stay at or under (linear interpolation, as numpy). P95 latency: 1 request in 20 waits longer.', pattern: /\bP(50|95|99)\b/ },
	{ id: 'slo', term: 'SLO', expansion: 'service-level objective', definition: 'The latency targets a request must meet to count as served well: TTFT, TPOT and optionally E2E, each at most its limit.', pattern: /\bSLO\b(?! attainment)/ },
	{ id: 'attainment', term: 'SLO attainment', definition: 'The share of requests meeting every SLO target, counting dropped requests as misses. A configuration qualifies when it reaches the attainment target (95% by default).', pattern: /\bSLO attainment\b|\battainment\b/i },
	{ id: 'goodput', term: 'Goodput', definition: 'Requests per second that meet the SLO: throughput that counts only well-served requests.', pattern: /\bgoodput\b/i },
	{ id: 'throughput', term: 'Output tok/s', expansion: 'output throughput', definition: 'Output tokens generated per second of simulated time, over the run’s makespan; per GPU when divided by the GPU count.', pattern: /\b[Oo]utput tok\/s\b/ },
	{ id: 'rps', term: 'RPS scale', definition: 'Arrival times are divided by this factor, so ×200 offers the trace’s requests 200 times faster than recorded. A request rate (req/s) re-times the trace to that mean rate instead, keeping its burstiness.', pattern: /\bRPS\b|\breq\/s\b/ },
	{ id: 'bins', term: 'Bins', expansion: 'multi-bin batching', definition: 'Multi-bin batching sorts waiting requests into K bins by predicted output length and batches within a bin, so short requests do not wait for long ones. K = 1 is plain dynamic batching.', pattern: /\b[Bb]ins?\b/ },
	{ id: 'knee', term: 'Knee', definition: 'The GPU count after which adding another GPU step improves P95 latency by less than the knee threshold (10% by default): where more hardware stops paying.', pattern: /\b[Kk]nee\b/ },
	{ id: 'oracle', term: 'Oracle predictor', definition: 'An output-length “predictor” that knows each request’s true length: the upper bound of what binning by predicted length can gain.', pattern: /\b[Oo]racle\b/ },
	{ id: 'mfu', term: 'MFU', expansion: 'model FLOP utilization', definition: 'The share of the GPU’s peak FLOP/s that the roofline assumes a step achieves.', pattern: /\bMFU\b/ },
	{ id: 'eta', term: 'η (bandwidth share)', definition: 'The share of the GPU’s peak memory bandwidth that the roofline assumes a step achieves.', pattern: /η|\bbandwidth share\b/ },
	{ id: 'continuous', term: 'Continuous batching', definition: 'Iteration-level scheduling: requests join and leave the running batch at every decode step, instead of waiting for a whole batch to finish.', pattern: /\b[Cc]ontinuous\b/ },
	{ id: 'drop', term: 'Dropped request', definition: 'A request that can never be served: its prompt plus output exceed the model’s context or one GPU’s KV cache. It counts against SLO attainment.', pattern: /\b[Dd]ropped\b/ },
	{ id: 'preemption', term: 'Preemption', definition: 'When the KV cache runs short, continuous batching evicts the newest running requests and recomputes them later.', pattern: /\b[Pp]reemption/ }
];

/** The terms a header or axis title names, most specific first. */
export function termsIn(text: string): Term[] {
	return GLOSSARY.filter((t) => t.pattern.test(text));
}

/** A tooltip for a header: each named term's definition, one per line. */
export function tooltipFor(text: string): string {
	return termsIn(text)
		.map((t) => `${t.term}${t.expansion ? ` (${t.expansion})` : ''}: ${t.definition}`)
		.join('\n');
}
