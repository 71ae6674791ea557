/**
 * Prompt sharing for the synthetic generator, for teaching what a prefix cache does: an optional
 * system prompt every request starts with, and an optional multi-turn mode in which the Conversation-log
 * rows become turns of conversations. ASSUMPTION (as for real session ids): a turn's prompt is the
 * previous turn's prompt plus its response plus the new user message (the row's generated prompt
 * length). Block identities come out as for a trace with sessions (prefix-blocks.ts), 64-token blocks.
 */
import { randomLcg } from 'd3-random';
import { SESSION_BLOCK_TOKENS, sessionBlocks } from './prefix-blocks';
import type { Trace } from './types';

export interface SynthSharing {
	/** Tokens of a system prompt shared by every request (rounded up to whole 64-token blocks); 0 = none. */
	systemPromptTokens: number;
	/** Mean turns per conversation among Conversation-log rows (geometric); 0 or 1 = every row its own. */
	meanTurns: number;
}

/** Conversations open at once; a new turn continues one of them at random. */
const OPEN_CONVERSATIONS = 8;
/** Longest prompt a conversation grows to before it ends (a new one starts). */
const MAX_CONVERSATION_TOKENS = 32_000;

/** A copy of `trace` (synthetic) with the sharing applied: longer prompts, session keys, block identities. */
export function withPromptSharing(trace: Trace, sharing: SynthSharing, seed: number): Trace {
	const n = trace.arrivalS.length;
	const B = SESSION_BLOCK_TOKENS;
	const system = Math.ceil(Math.max(0, sharing.systemPromptTokens) / B) * B;
	const u = randomLcg(seed ^ 0x5eed);
	const conv = new Uint32Array(n); // the conversation part of each prompt (after the system prompt)
	const sessionKey = new Uint32Array(n);
	const open: { key: number; context: number }[] = [];
	let nextKey = 1;
	for (let i = 0; i < n; i++) {
		const user = trace.promptTokens[i];
		const isTurn = sharing.meanTurns > 1 && trace.logTypeNames[trace.logTypeCode[i]] === 'Conversation log';
		if (!isTurn) {
			conv[i] = user;
			continue;
		}
		// Continue an open conversation with probability 1 − 1/meanTurns, else start one.
		let c: { key: number; context: number } | undefined;
		if (open.length > 0 && u() >= 1 / sharing.meanTurns) c = open[Math.floor(u() * open.length)];
		if (c && c.context + user > MAX_CONVERSATION_TOKENS) {
			open.splice(open.indexOf(c), 1);
			c = undefined;
		}
		if (!c) {
			c = { key: nextKey++, context: 0 };
			open.push(c);
			if (open.length > OPEN_CONVERSATIONS) open.shift();
		}
		conv[i] = c.context + user;
		sessionKey[i] = c.key;
		c.context = conv[i] + trace.outputTokens[i];
	}
	const derived = sessionBlocks(sessionKey, conv, trace.outputTokens, B).blocks;
	// The system prompt's blocks come first in every prompt: ids 0 .. k − 1, the rest shifted after them.
	const k = system / B;
	const offsets = new Uint32Array(n + 1);
	for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + k + (derived.offsets[i + 1] - derived.offsets[i]);
	const ids = new Uint32Array(offsets[n]);
	const promptTokens = new Uint32Array(n);
	for (let i = 0; i < n; i++) {
		let at = offsets[i];
		for (let j = 0; j < k; j++) ids[at++] = j;
		for (let p = derived.offsets[i]; p < derived.offsets[i + 1]; p++) ids[at++] = derived.ids[p] + k;
		promptTokens[i] = system + conv[i];
	}
	const parts = [system > 0 ? `${system}-token system prompt` : '', sharing.meanTurns > 1 ? `conversations of ~${sharing.meanTurns} turns` : ''].filter(Boolean);
	return {
		...trace,
		name: parts.length > 0 ? `${trace.name}, ${parts.join(', ')}` : trace.name,
		promptTokens,
		sessionKey,
		prefixBlocks: { blockTokens: B, offsets, ids },
		prefixSource: 'sessions'
	};
}
