/**
 * The batching methods' names, in chart order. The one list every type, select, CLI list and chart
 * legend derives from (registry.ts holds what each one is). Imports nothing, so types.ts can use it.
 */
export const METHOD_NAMES = ['static', 'dynamic', 'multibin', 'continuous', 'dynamic-cap'] as const;

/** A batching method: a preset of regime + sizing + bins (see the files of this folder). */
export type MethodName = (typeof METHOD_NAMES)[number];
