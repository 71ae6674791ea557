/**
 * Multi-bin batching (Guldogan et al. 2024): K equal-mass bins over predicted output length, a batch
 * is formed from one bin only, so requests of similar length decode together and padding shrinks.
 * Request-level, dynamic sizing per bin.
 */
import { dynamicSizingOf } from './dynamic';
import { regimeProblems, type MethodDef } from './method';

/** Bins of a multibin run when none are given (the study's Step 2 row). */
export const MULTIBIN_BINS = 4;

export const multibinMethod: MethodDef = {
	name: 'multibin',
	label: 'Multi-bin',
	description:
		'Request-level batching over K bins of predicted output length (Guldogan et al. 2024): each batch comes from one bin, so similar lengths decode together and padding shrinks.',
	regime: 'request',
	defaults: { bins: MULTIBIN_BINS },
	cliHelp: `multibin     request-level, --bins K bins over predicted output length (default ${MULTIBIN_BINS})`,
	order: 2,
	colour: '#009E73',
	scenario: (base, opts = {}) => ({
		...base,
		method: 'multibin',
		gpus: opts.gpus ?? base.gpus,
		regime: 'request',
		sizing: dynamicSizingOf(base),
		bins: opts.bins ?? MULTIBIN_BINS
	}),
	validate: (s) => regimeProblems(multibinMethod, s),
	keyPart: () => 'multibin'
};
