/** Hand-made Step 1 rows for the analysis tests: only the fields the analysis reads matter. */
import type { SimSummary } from '../../src/lib/sim/types';
import type { Step1Row } from '../../src/lib/study/types';

/** A summary with every field defined; override what a test cares about. */
export function summary(o: Partial<SimSummary> = {}): SimSummary {
	return {
		requests: 100,
		completed: 100,
		dropped: 0,
		failed: 0,
		makespanS: 10,
		outputTokens: 1000,
		promptTokens: 2000,
		outputTokPerS: 100,
		totalTokPerS: 300,
		requestsPerS: 10,
		e2eP50S: 1,
		e2eP95S: 2,
		e2eP99S: 3,
		ttftP50S: 0.1,
		ttftP95S: 0.2,
		ttftP99S: 0.3,
		tbtP50Ms: 20,
		tbtP95Ms: 30,
		tbtP99Ms: 40,
		queueP50S: 0,
		queueP95S: 0.5,
		queueP99S: 1,
		e2eMeanS: 1.2,
		slaViolationRate: 0,
		e2eViolationRate: null,
		ttftViolationRate: null,
		goodputRps: 10,
		gpuUtilization: 0.5,
		tokPerSPerGpu: 100,
		costPerMTokUsd: null,
		offeredTokPerS: 100,
		meanBatchSize: 4,
		batches: 25,
		preemptions: 0,
		sloAttainment: 1,
		goodputReqPerS: 10,
		itlP50Ms: 20,
		itlP95Ms: 30,
		itlP99Ms: 40,
		offeredReqPerS: 10,
		...o
	};
}

/** A Step 1 row; tok/s per GPU follows throughput / gpus unless given. */
export function row(size: number, gpus: number, bins: number, o: Partial<SimSummary> = {}, method: Step1Row['method'] = 'multibin'): Step1Row {
	const s = summary(o);
	if (o.tokPerSPerGpu === undefined && s.outputTokPerS !== null) s.tokPerSPerGpu = s.outputTokPerS / gpus;
	return { key: `n=${size}|${method}|g=${gpus}|k=${bins}`, size, method, gpus, bins, summary: s };
}
