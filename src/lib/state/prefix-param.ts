/**
 * The page's prefix-cache switch in the URL: prefixcache=1 when on, absent when off (the default), so
 * links made before the cache existed keep meaning the same scenario.
 */
import type { StudyParams } from './params';

export const PREFIX_URL_NAMES = ['prefixcache'] as const;

/** The switch `prefixcache=` sets (undefined when absent, 0 or invalid; an invalid value gets a notice). */
export function prefixCacheFromQuery(q: URLSearchParams, bad: (name: string, value: string, why: string) => void): StudyParams['prefixCache'] {
	const v = q.get('prefixcache');
	if (v === null || v === '0') return undefined;
	if (v === '1') return true;
	bad('prefixcache', v, 'expected 1 (prefix cache on) or 0 (off)');
	return undefined;
}

/** The query entries for the switch (none when off). */
export function prefixCacheToQuery(on: StudyParams['prefixCache']): [string, string][] {
	return on === true ? [['prefixcache', '1']] : [];
}
