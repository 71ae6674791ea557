/**
 * `session`: requests of one session (a trace's session id, or a hash of the prompt's first KV block)
 * go to the replica its first request went to, so a prefix cache there could serve them; a new session,
 * and a request with neither key, goes to the least-outstanding replica.
 */
import { leastOutstanding } from './pick';
import type { RouterPolicy } from './types';

export const sessionPolicy: RouterPolicy<{ home: Map<number, number> }> = {
	kind: 'router',
	id: 'session',
	label: 'Session affinity',
	explanation:
		'Requests of one session (or with the same first prompt block) stick to the replica their first one went to; new sessions and requests without a key go to the least-loaded replica.',
	reads: ['outstanding'],
	initialState: () => ({ home: new Map() }),
	route(request, replicas, state, probe) {
		const key = request.sessionKey;
		if (key === undefined) return leastOutstanding(replicas, probe);
		const home = state.home.get(key);
		// A remembered replica outside the current range (fewer replicas than when it was set) is re-chosen.
		if (home !== undefined && home < replicas.length) return home;
		const chosen = leastOutstanding(replicas, probe);
		state.home.set(key, chosen);
		return chosen;
	}
};

/** 32-bit FNV-1a of a string session id: the sessionKey for traces that carry one. */
export function sessionKeyFromId(id: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) {
		h ^= id.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

/** 32-bit FNV-1a over the first `blockSize` token ids of a prompt: the sessionKey when a trace has no session id. */
export function sessionKeyFromPrompt(tokenIds: ArrayLike<number>, blockSize = 16): number | undefined {
	if (tokenIds.length < blockSize) return undefined; // no full block: nothing a prefix cache could share
	let h = 0x811c9dc5;
	for (let i = 0; i < blockSize; i++) {
		const v = tokenIds[i] >>> 0;
		for (let byte = 0; byte < 4; byte++) {
			h ^= (v >>> (8 * byte)) & 0xff;
			h = Math.imul(h, 0x01000193) >>> 0;
		}
	}
	return h >>> 0;
}
