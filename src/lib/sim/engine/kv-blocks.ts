/**
 * Paged-KV arithmetic for decode stretches (vLLM's PagedAttention: fixed blocks of `blockSize` tokens).
 *
 * A decoding sequence that holds c tokens needs a new block in the next step iff c ≡ 0 (mod blockSize)
 * (its next token is the first of a block). Every decoder grows by one token per step, so we store each
 * decoder's phase = (c − S) mod blockSize once, where S is the GPU's step count: the phase never changes
 * while it decodes, and the decoders that need a block in the step that starts at step count S are
 * exactly those with phase ≡ −S. With counts of decoders per phase, the blocks a stretch of k steps
 * allocates is periodic in blockSize (every sequence takes exactly one block per blockSize steps), so the
 * step at which free blocks run out is found in O(blockSize), never by stepping.
 */

/** Blocks needed to hold `tokens` tokens. */
export function blocksFor(tokens: number, blockSize: number): number {
	return Math.ceil(tokens / blockSize);
}

/** The phase (0..blockSize−1) whose decoders need a block in the step that starts at step count S. */
export function needingPhase(stepCount: number, blockSize: number): number {
	const r = stepCount % blockSize;
	return r === 0 ? 0 : blockSize - r;
}

/** The phase of a decoder holding `heldTokens` at step count S: (held − S) mod blockSize. */
export function phaseOf(heldTokens: number, stepCount: number, blockSize: number): number {
	const r = (heldTokens - stepCount) % blockSize;
	return r < 0 ? r + blockSize : r;
}

/**
 * Blocks that `decoders` sequences (counted per phase in `perPhase`) allocate over the k steps that
 * start at step count S0.
 */
export function blocksOverSteps(perPhase: Int32Array, blockSize: number, decoders: number, s0: number, steps: number): number {
	if (steps <= 0 || decoders === 0) return 0;
	const full = Math.floor(steps / blockSize);
	const rest = steps - full * blockSize;
	let acc = full * decoders;
	for (let j = 0; j < rest; j++) acc += perPhase[needingPhase(s0 + j, blockSize)];
	return acc;
}

/**
 * The largest k such that the k steps starting at step count S0 allocate at most `freeBlocks` blocks
 * (+Infinity when nothing decodes). Step k + 1 would be short of blocks: the engine stops there and
 * preempts.
 */
export function stepsWithinBlocks(perPhase: Int32Array, blockSize: number, decoders: number, s0: number, freeBlocks: number): number {
	if (decoders === 0) return Infinity;
	if (freeBlocks < 0) return 0;
	const full = Math.floor(freeBlocks / decoders);
	let rest = freeBlocks - full * decoders;
	// Within one more period the need reaches `decoders` > rest, so this loop always returns.
	for (let j = 0; j < blockSize; j++) {
		rest -= perPhase[needingPhase(s0 + j, blockSize)];
		if (rest < 0) return full * blockSize + j;
	}
	return full * blockSize + blockSize; // unreachable when the counts sum to `decoders`
}
