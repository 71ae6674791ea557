/**
 * Quick run: one configuration (method, GPUs, bins, size) on the loaded trace, for teaching. It runs
 * in the worker pool like any study run, so the page stays responsive, and can be cancelled.
 */
import { methodScenario } from '../sim/presets';
import type { MethodName } from '../sim/types';
import { isStudyCancelled } from '../study/cancel';
import { runKey } from '../study/plan';
import type { RunExecutor, RunOutcome, RunSpec } from '../study/types';
import { studyWorkloads } from '../study/shape';
import type { Trace } from '../trace/types';
import { createExecutor } from './executor';
import type { StudyParams } from './params';
import { studyConfigFromParams } from './scenario-build';

/** What a quick run is asked to do. */
export interface QuickRunInput {
	method: MethodName;
	gpus: number;
	bins: number;
	size: number;
}

class QuickRunState {
	running = $state(false);
	outcome = $state.raw<RunOutcome | null>(null);
	label = $state('');
	error = $state<string | null>(null);
	elapsedS = $state(0);
	#exec: RunExecutor | null = null;

	/** Simulates one configuration of the current scenario on `trace`. */
	async run(trace: Trace, params: StudyParams, q: QuickRunInput): Promise<void> {
		if (this.running) return;
		this.running = true;
		this.error = null;
		const t0 = performance.now();
		try {
			const config = { ...studyConfigFromParams(params), sizes: [q.size] };
			const shaped = studyWorkloads(trace, config);
			if (!shaped.ok) throw new Error(shaped.error.message);
			const scenario = methodScenario(q.method, config.base, { gpus: q.gpus, bins: q.bins, batch: config.staticBatch });
			const requests = shaped.workloads[0].workload.arrivalS.length;
			const spec: RunSpec = { key: runKey(q.size, scenario), step: 1, size: q.size, method: q.method, gpus: q.gpus, bins: scenario.bins, scenario, requests };
			this.#exec = createExecutor();
			await this.#exec.prepare(shaped.workloads);
			const [o] = await this.#exec.run([spec]);
			this.outcome = o;
			this.label = `${q.method}, ${q.gpus} GPU${q.gpus === 1 ? '' : 's'}, ${scenario.bins} bin${scenario.bins === 1 ? '' : 's'}, ${requests.toLocaleString('en-US')} requests`;
			if (!o.ok) this.error = `The run failed: ${o.error}`;
		} catch (e) {
			this.error = isStudyCancelled(e) ? 'Quick run cancelled.' : `The quick run could not start: ${e instanceof Error ? e.message : String(e)}`;
		} finally {
			await this.#exec?.dispose?.();
			this.#exec = null;
			this.elapsedS = (performance.now() - t0) / 1000;
			this.running = false;
		}
	}

	/** Stops the quick run. */
	cancel(): void {
		this.#exec?.cancel();
	}
}

/** The page's one quick-run state. */
export const quickRunState = new QuickRunState();
