/**
 * A stand-in for a module Web Worker in Node, for the browser pool's tests: the "worker" side is a
 * Comlink-exposed API on one end of a MessageChannel, the page side is an EventTarget with the
 * Worker methods the pool uses (postMessage, terminate, message/error events).
 */
import * as Comlink from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';

/** What the worker side can do besides answering Comlink calls. */
export interface FakeWorkerScope {
	/** Posts a plain message to the page (a heartbeat). */
	post(data: unknown): void;
	/** True once the pool terminated this worker. */
	terminated(): boolean;
}

/** The fake worker, with counters tests read. */
export class FakeWorker extends EventTarget {
	terminatedCount = 0;
	private port: MessagePort;
	private other: MessagePort;

	constructor(makeApi: (scope: FakeWorkerScope) => object) {
		super();
		const { port1, port2 } = new MessageChannel();
		this.port = port1;
		this.other = port2;
		port1.on('message', (data: unknown) => {
			if (this.terminatedCount === 0) this.dispatchEvent(new MessageEvent('message', { data }));
		});
		const scope: FakeWorkerScope = {
			post: (data) => {
				if (this.terminatedCount === 0) port2.postMessage(data);
			},
			terminated: () => this.terminatedCount > 0
		};
		Comlink.expose(makeApi(scope), Comlink_node(port2));
	}

	postMessage(message: unknown, transfer?: Transferable[]): void {
		if (this.terminatedCount > 0) return;
		this.port.postMessage(message, (transfer ?? []) as never);
	}

	terminate(): void {
		this.terminatedCount++;
		this.port.close();
		this.other.close();
	}
}

/** Comlink endpoint over a Node MessagePort (Comlink's own node adapter, inlined: it is not exported as ESM). */
function Comlink_node(port: MessagePort): Comlink.Endpoint {
	const listeners = new WeakMap<object, (data: unknown) => void>();
	return {
		postMessage: (msg: unknown, transfer?: Transferable[]) => port.postMessage(msg, (transfer ?? []) as never),
		addEventListener: (_type: string, eh: EventListenerOrEventListenerObject) => {
			const l = (data: unknown) => {
				if ('handleEvent' in eh) eh.handleEvent({ data } as MessageEvent);
				else eh({ data } as MessageEvent);
			};
			port.on('message', l);
			listeners.set(eh, l);
		},
		removeEventListener: (_type: string, eh: EventListenerOrEventListenerObject) => {
			const l = listeners.get(eh);
			if (!l) return;
			port.off('message', l);
			listeners.delete(eh);
		},
		start: () => port.start?.()
	};
}
