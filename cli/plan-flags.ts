/**
 * The list flags of `cli plan`: --gpus-types a,b, --tp 1,2,4,8, --weights bf16,fp8, --kv-dtype bf16,fp8
 * and --methods continuous,static. Each value is checked here, so an error names the flag, the bad item
 * and what is allowed.
 */
import { findGpu, GPUS } from '../src/lib/catalog/index';
import { KV_PRECISION_IDS, WEIGHT_PRECISION_IDS, isKvPrecision, isWeightPrecision } from '../src/lib/sim/deploy/precision';
import { TP_SIZES } from '../src/lib/sim/deploy/tensor-parallel';
import { isMethodName, METHOD_NAMES } from '../src/lib/sim/methods/registry';
import type { KvPrecision, MethodName, WeightPrecision } from '../src/lib/sim/types';
import type { PrecisionChoice } from '../src/lib/plan/types';
import { CliError } from './args';

/** Splits a comma list; empty items are an error (a trailing comma usually means a missing value). */
export function listItems(value: string, flag: string): string[] {
	const items = value.split(',').map((s) => s.trim());
	if (items.some((s) => s === '')) throw new CliError(`--${flag} has an empty item in "${value}"; separate values with single commas.`, 2);
	return [...new Set(items)];
}

export function gpuTypesFlag(value: string | undefined, flag = 'gpus-types'): string[] {
	if (value === undefined) return [];
	const ids = listItems(value, flag);
	const bad = ids.filter((id) => !findGpu(id));
	if (bad.length) throw new CliError(`--${flag}: unknown GPU ${bad.join(', ')}. Known: ${GPUS.map((g) => g.id).join(', ')}.`, 2);
	return ids;
}

export function tpListFlag(value: string | undefined): number[] {
	if (value === undefined) return [];
	return listItems(value, 'tp').map((s) => {
		const n = Number(s);
		if (!(TP_SIZES as readonly number[]).includes(n)) throw new CliError(`--tp: "${s}" is not a tensor-parallel size; use some of ${TP_SIZES.join(',')}.`, 2);
		return n;
	});
}

export function weightsListFlag(value: string | undefined): WeightPrecision[] {
	if (value === undefined) return ['bf16'];
	return listItems(value, 'weights').map((s) => {
		if (!isWeightPrecision(s)) throw new CliError(`--weights: "${s}" is not a weight precision; use some of ${WEIGHT_PRECISION_IDS.join(',')}.`, 2);
		return s;
	});
}

export function kvListFlag(value: string | undefined): KvPrecision[] {
	if (value === undefined) return ['bf16'];
	return listItems(value, 'kv-dtype').map((s) => {
		if (!isKvPrecision(s)) throw new CliError(`--kv-dtype: "${s}" is not a KV precision; use some of ${KV_PRECISION_IDS.join(',')}.`, 2);
		return s;
	});
}

export function methodsListFlag(value: string | undefined): MethodName[] {
	if (value === undefined) return ['continuous'];
	return listItems(value, 'methods').map((s) => {
		if (!isMethodName(s)) throw new CliError(`--methods: "${s}" is not a batching method; use some of ${METHOD_NAMES.join(',')}.`, 2);
		return s;
	});
}

/** Every weight × KV pair the two lists give. */
export function precisionPairs(weights: WeightPrecision[], kv: KvPrecision[]): PrecisionChoice[] {
	return weights.flatMap((w) => kv.map((k) => ({ weights: w, kvDtype: k })));
}
