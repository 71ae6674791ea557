/** Static batching: request-level, a fixed batch size B (the reference study's baseline, B = 8). */
import { regimeProblems, type MethodDef } from './method';

/** Static batching's fixed batch size in the study. */
export const STATIC_BATCH = 8;

export const staticMethod: MethodDef = {
	name: 'static',
	label: 'Static',
	description: `Request-level batching with a fixed batch size (B = ${STATIC_BATCH}): a batch decodes until its longest request ends, as in the reference study.`,
	regime: 'request',
	defaults: { bins: 1, batch: STATIC_BATCH },
	cliHelp: `static       request-level, fixed batch of --batch B (default ${STATIC_BATCH})`,
	order: 0,
	colour: '#0072B2',
	scenario: (base, opts = {}) => ({
		...base,
		method: 'static',
		gpus: opts.gpus ?? base.gpus,
		regime: 'request',
		sizing: { kind: 'fixed', batch: opts.batch ?? STATIC_BATCH },
		bins: 1
	}),
	validate(s) {
		const out = regimeProblems(staticMethod, s);
		if (s.sizing.kind !== 'fixed') out.push({ field: 'sizing', message: 'method static needs a fixed batch size; choose the method again or pick dynamic.' });
		return out;
	},
	keyPart: (s) => `static-b${s.sizing.kind === 'fixed' ? s.sizing.batch : '?'}`
};
