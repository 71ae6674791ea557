/**
 * A worker's failure as a promise: it rejects with the error event's message (else `fallback`) when
 * the worker reports an error, for racing against the worker's answer, so a worker that fails to start
 * or dies never leaves its caller waiting. It is marked handled: a worker that fails after its answer
 * was used raises no unhandled rejection.
 */
export function workerFailure(worker: Worker, fallback: string): Promise<never> {
	const failed = new Promise<never>((_, reject) => worker.addEventListener('error', (e) => reject(new Error(e.message || fallback))));
	failed.catch(() => {});
	return failed;
}
