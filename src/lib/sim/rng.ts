/**
 * Seeded randomness for the engine (predictor noise). d3-random's LCG is the source so every run is
 * bit-identical for a given seed, in Node, in a worker and in the page.
 */
import { randomLcg, randomNormal } from 'd3-random';

/** A uniform [0, 1) source seeded from an integer (any number; d3 folds it into the LCG state). */
export function createUniform(seed: number): () => number {
	// randomLcg(0) is a valid seed, but keep distinct seeds for distinct streams by offsetting.
	return randomLcg(seedToUnit(seed));
}

/** Normal(mu, sigma) draws from a seeded source. */
export function createNormal(seed: number, mu = 0, sigma = 1): () => number {
	return randomNormal.source(createUniform(seed))(mu, sigma);
}

/**
 * d3's randomLcg takes a seed in [0, 1) (larger values are folded too, but integers 1 and 2 would
 * give the same state after folding); hashing the integer first gives unrelated streams per seed.
 */
export function seedToUnit(seed: number): number {
	// 32-bit integer hash (Thomas Wang / splitmix-like finaliser), then to [0, 1).
	let h = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
	h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
	h = (h ^ (h >>> 16)) >>> 0;
	return h / 2 ** 32;
}
