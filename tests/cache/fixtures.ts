/** Small builders shared by the cache tests: a trace, its report, a SimResult-like body. */
import type { ParseReport, Trace } from '../../src/lib/trace/types';
import type { SimResult, SimSummary } from '../../src/lib/sim/types';
import { configureCache } from '../../src/lib/cache/db';
import { clearMemory } from '../../src/lib/cache/memory';

let counter = 0;

/** A fresh database name per test, and an empty memory fallback: tests never see each other's data. */
export function freshCache(): string {
	const name = `servescope-test-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;
	configureCache({ name });
	clearMemory();
	return name;
}

/** A valid n-request trace with two models and two log types. */
export function makeTrace(n: number, name = 'BurstGPT_1.csv'): Trace {
	const arrivalS = new Float64Array(n);
	const promptTokens = new Uint32Array(n);
	const outputTokens = new Uint32Array(n);
	const modelCode = new Uint8Array(n);
	const logTypeCode = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		arrivalS[i] = i * 0.37 + (i % 3) * 0.001;
		promptTokens[i] = 100 + ((i * 7919) % 900);
		outputTokens[i] = i % 10 === 0 ? 0 : 20 + ((i * 104729) % 400);
		modelCode[i] = i % 2;
		logTypeCode[i] = (i >> 1) % 2;
	}
	return {
		name,
		format: 'burstgpt-v1',
		synthetic: false,
		arrivalS,
		promptTokens,
		outputTokens,
		modelCode,
		modelNames: ['ChatGPT', 'GPT-4'],
		logTypeCode,
		logTypeNames: ['Conversation log', 'API log']
	};
}

/** The report that goes with makeTrace(n). */
export function makeReport(n: number): ParseReport {
	return {
		format: 'burstgpt-v1',
		rowsRead: n + 1,
		rowsKept: n,
		failedRows: Math.ceil(n / 10),
		skipped: { 'non-numeric Request tokens': 1 },
		badLines: [{ line: 7, text: 'x,y', reason: 'non-numeric Request tokens' }],
		warnings: []
	};
}

/** A SimResult-shaped body whose numbers identify it. */
export function makeResult(engineVersion: string, completed: number): SimResult {
	const summary = { requests: completed, completed, dropped: 0, failed: 0, e2eP95S: completed / 10 } as unknown as SimSummary;
	return {
		engineVersion,
		summary,
		series: {
			e2eCdf: { x: [1, 2], y: [0.5, 1] },
			ttftCdf: { x: [], y: [] },
			e2eHistogram: { edgesS: [0, 1], counts: [completed] },
			timeline: { tS: [0], queueLength: [0], busyGpus: [1] },
			perBin: [{ bin: 0, requests: completed, lowTokens: 0, highTokens: 10, e2eP95S: null }]
		},
		dropReasons: {},
		warnings: []
	};
}
