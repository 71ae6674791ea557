/**
 * Quick run: one configuration (method, GPUs, bins, size) on the loaded trace, for teaching. The
 * workload is cut in the parse worker and simulated in a one-worker pool, so the page stays responsive
 * and can cancel. While it runs, the worker's heartbeats (requests done, at most once a second) feed
 * the progress bar; when it lands, the page replays its timeline (TimelineReplay.svelte).
 */
import { methodScenario } from '../sim/presets';
import type { MethodName } from '../sim/types';
import { cancelledError, isStudyCancelled } from '../study/cancel';
import { inProcessExecutor } from '../study/in-process';
import { runKey } from '../study/plan';
import type { RunExecutor, RunOutcome, RunSpec } from '../study/types';
import type { Trace } from '../trace/types';
import { createSimPool } from '../workers/pool';
import type { SimWorkerHeartbeat } from '../workers/sim.worker';
import type { StudyParams } from './params';
import { resultsHeader, studyRate, type HeaderPart } from './results-header';
import { studyConfigFromParams } from './scenario-build';
import { resolveScenarioDeployment } from '../sim/deploy/scenario-deployment';
import { shapeOffThread, shapeRequest } from './trace-worker';

/** What a quick run is asked to do. */
export interface QuickRunInput {
	method: MethodName;
	gpus: number;
	bins: number;
	size: number;
}

/** Requests simulated so far of the run's total (null until the first heartbeat). */
export interface QuickProgress {
	done: number;
	total: number;
}

/** Whether a worker message is the simulation worker's heartbeat (plain data, no Comlink id). */
export function isHeartbeat(data: unknown): data is SimWorkerHeartbeat {
	return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'servescope-heartbeat';
}

/** A one-worker pool whose worker also reports heartbeats to `onBeat`; in-process without workers. */
function quickExecutor(onBeat: (b: SimWorkerHeartbeat) => void): RunExecutor {
	if (typeof Worker === 'undefined') return inProcessExecutor();
	return createSimPool({
		workers: 1,
		createWorker: () => {
			const w = new Worker(new URL('../workers/sim.worker.ts', import.meta.url), { type: 'module' });
			w.addEventListener('message', (e: MessageEvent) => {
				if (isHeartbeat(e.data)) onBeat(e.data);
			});
			return w;
		}
	});
}

class QuickRunState {
	running = $state(false);
	outcome = $state.raw<RunOutcome | null>(null);
	label = $state('');
	/** GPU count of the landed run (the busy-GPU axis of the replay goes up to it). */
	gpus = $state(1);
	error = $state<string | null>(null);
	elapsedS = $state(0);
	/** 'shaping' while the workload is cut, 'simulating' while the worker runs. */
	phase = $state<'shaping' | 'simulating' | null>(null);
	progress = $state.raw<QuickProgress | null>(null);
	/** The landed run's header line: trace and hash, model, GPU, rate, SLO, performance model. */
	header = $state.raw<HeaderPart[]>([]);
	#exec: RunExecutor | null = null;
	#cancelled = false;

	/** Simulates one configuration of the current scenario on `trace`. */
	async run(trace: Trace, params: StudyParams, q: QuickRunInput, traceHash = ''): Promise<void> {
		if (this.running) return;
		this.running = true;
		this.#cancelled = false;
		this.error = null;
		this.progress = null;
		this.phase = 'shaping';
		const t0 = performance.now();
		try {
			const config = { ...studyConfigFromParams(params), sizes: [q.size] };
			const shaped = await shapeOffThread(trace, shapeRequest(config));
			if (!shaped.ok) throw new Error(shaped.error.message);
			if (this.#cancelled) throw cancelledError();
			const scenario = methodScenario(q.method, config.base, { gpus: q.gpus, bins: q.bins, batch: config.staticBatch });
			const requests = shaped.workloads[0].workload.arrivalS.length;
			const spec: RunSpec = { key: runKey(q.size, scenario), step: 1, size: q.size, method: q.method, gpus: q.gpus, bins: scenario.bins, scenario, requests };
			this.progress = { done: 0, total: requests };
			this.phase = 'simulating';
			this.#exec = quickExecutor((b) => {
				if (b.key === spec.key) this.progress = { done: b.done, total: b.total };
			});
			await this.#exec.prepare(shaped.workloads);
			const [o] = await this.#exec.run([spec]);
			this.outcome = o;
			// GPUs = replicas × TP (the replay counts busy GPUs; the engine's own TP resolution).
			const dep = resolveScenarioDeployment(scenario);
			const tp = dep.ok ? dep.deployment.tp : 1;
			this.gpus = q.gpus * tp;
			const shape = tp === 1 ? `${q.gpus} GPU${q.gpus === 1 ? '' : 's'}` : `${q.gpus} replica${q.gpus === 1 ? '' : 's'} × TP ${tp} = ${q.gpus * tp} GPUs`;
			this.header = resultsHeader({ base: scenario, traceName: trace.name, traceHash, rate: studyRate(config) });
			this.label = `${q.method}, ${shape}, ${scenario.bins} bin${scenario.bins === 1 ? '' : 's'}, ${requests.toLocaleString('en-US')} requests`;
			if (!o.ok) this.error = `The run failed: ${o.error}`;
		} catch (e) {
			this.error = isStudyCancelled(e) ? 'Quick run cancelled.' : `The quick run could not start: ${e instanceof Error ? e.message : String(e)}`;
		} finally {
			await this.#exec?.dispose?.();
			this.#exec = null;
			this.elapsedS = (performance.now() - t0) / 1000;
			this.running = false;
			this.phase = null;
		}
	}

	/** Stops the quick run. */
	cancel(): void {
		this.#cancelled = true;
		this.#exec?.cancel();
	}
}

/** The page's one quick-run state. */
export const quickRunState = new QuickRunState();
