/**
 * Tabs of the same site share one IndexedDB but not their memory: when one tab deletes a trace or
 * clears everything, the others must hear of it (refresh History, forget memory copies, stop
 * offering what is gone). BroadcastChannel carries that; a browser without it (or Node without a
 * global) simply has no other tabs to tell. Messages are plain data.
 */
import { clearMemory, forgetTraceInMemory } from './memory';

/** What one tab tells the others. */
export type CacheChange =
	| { kind: 'trace-deleted'; hash: string }
	| { kind: 'study-deleted'; id: string }
	| { kind: 'cleared' }
	/** Something was stored: History lists may be stale. */
	| { kind: 'stored' };

/** The channel name (per origin, as BroadcastChannel always is). */
export const CHANNEL_NAME = 'servescope-cache';

interface ChannelLike {
	postMessage(m: unknown): void;
	onmessage: ((e: { data: unknown }) => void) | null;
	close(): void;
}

let channel: ChannelLike | null | undefined;
const listeners = new Set<(c: CacheChange) => void>();

function isChange(x: unknown): x is CacheChange {
	if (typeof x !== 'object' || x === null) return false;
	const k = (x as { kind?: unknown }).kind;
	return k === 'trace-deleted' || k === 'study-deleted' || k === 'cleared' || k === 'stored';
}

/** What a change from another tab means for this tab's memory fallback (applied before listeners run). */
function applyToMemory(c: CacheChange): void {
	if (c.kind === 'cleared') clearMemory();
	else if (c.kind === 'trace-deleted') forgetTraceInMemory(c.hash);
}

function open(): ChannelLike | null {
	if (channel !== undefined) return channel;
	const BC = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
	channel = BC ? new BC(CHANNEL_NAME) : null;
	// Node's channel would keep a CLI or test process alive; a page's has no unref.
	(channel as { unref?: () => void } | null)?.unref?.();
	if (channel) {
		channel.onmessage = (e) => {
			if (!isChange(e.data)) return;
			applyToMemory(e.data);
			for (const l of listeners) l(e.data);
		};
	}
	return channel;
}

/** Tells the other tabs (never this one) about a change. */
export function announce(change: CacheChange): void {
	try {
		open()?.postMessage(change);
	} catch {
		// A closed channel (page unloading): the other tabs will re-read on their next refresh.
	}
}

/** Calls `fn` for every change another tab announces; returns the unsubscribe function. */
export function onCacheChange(fn: (c: CacheChange) => void): () => void {
	open();
	listeners.add(fn);
	return () => listeners.delete(fn);
}

/** Closes the channel (tests; lets Node exit). */
export function closeBroadcast(): void {
	channel?.close();
	channel = undefined;
	listeners.clear();
}
