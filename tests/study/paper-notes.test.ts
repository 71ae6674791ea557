/** Step 2 notes appear only where the numbers go against a paper's direction. */
import { describe, expect, it } from 'vitest';
import { studyConfig } from '../../src/lib/study/config';
import { paperNotes } from '../../src/lib/study/paper-notes';
import type { Step2Row } from '../../src/lib/study/types';
import { summary } from './fixtures';

const row = (method: Step2Row['method'], tok: number, offered = 1e6): Step2Row => ({
	key: method,
	size: 1000,
	method,
	gpus: 1,
	bins: 1,
	batch: null,
	summary: summary({ outputTokPerS: tok, offeredTokPerS: offered }),
	series: null
});

describe('paper notes', () => {
	const config = studyConfig();
	it('dynamic below static, dynamic cap not above continuous, multi-bin not above dynamic: one sentence each', () => {
		const notes = paperNotes({ config, step2: [row('static', 136), row('dynamic', 91), row('multibin', 92), row('continuous', 500), row('dynamic-cap', 480)] });
		expect(notes).toHaveLength(3);
		expect(notes.join('\n')).toMatch(/^Request-level dynamic batching delivers less than static B = 8 \(1,000 requests, 1 GPU\)/);
		expect(notes.join('\n')).toMatch(/fixed cap \(256 sequences\) is not what limits this run/);
		expect(notes.join('\n')).toMatch(/bins only help as much as the length predictions are right/);
	});
	it('arrival-bound runs get the "offered load" reason; agreeing numbers get no note', () => {
		expect(paperNotes({ config, step2: [row('continuous', 500, 500), row('dynamic-cap', 500, 500)] })[0]).toMatch(/already deliver the offered load/);
		expect(paperNotes({ config, step2: [row('static', 100), row('dynamic', 150), row('multibin', 200), row('continuous', 500), row('dynamic-cap', 600)] })).toEqual([]);
	});
});
