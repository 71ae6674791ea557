/**
 * The scenario the page edits (Svelte 5 runes): params from the URL at start, kept in the URL as the
 * person edits (replaceState, so the back button is not flooded), with field errors derived from
 * checkParams plus the list inputs' own syntax errors.
 */
import { findModel } from '../catalog/index';
import { fitLatencyModel, parseLatencyGrid } from '../sim/fit';
import { defaultParams, type StudyParams } from './params';
import { checkParams, type FieldErrors } from './scenario-build';
import { paramsFromQuery, parseIntList, queryFromParams } from './url';

type ListKey = 'sizes' | 'gpus' | 'bins';

class ScenarioState {
	params = $state<StudyParams>(defaultParams());
	/** Values from the URL that were ignored, each with why. */
	notices = $state<string[]>([]);
	/** The list inputs' text as typed (they become params only when they parse). */
	listText = $state<Record<ListKey, string>>({ sizes: '', gpus: '', bins: '' });
	listErrors = $state<Partial<Record<ListKey, string>>>({});
	/** Why the last latency-grid upload was refused (shown next to its field); '' when none. */
	fitError = $state('');
	/** Name of the grid file the current fit came from ('' when it came from the link). */
	fitSource = $state('');
	/** Field name -> message; empty when the study can run. */
	errors: FieldErrors = $derived({ ...checkParams(this.params), ...this.listErrors });
	/** The query string (no "?") for the current scenario. */
	query = $derived(queryFromParams(this.params));

	/** Reads the scenario from a query string (the page's URL at start, or a shared link). */
	fromQuery(search: string): void {
		const { params, notices } = paramsFromQuery(search);
		this.params = params;
		this.notices = notices;
		this.fitError = '';
		this.fitSource = '';
		this.#syncLists();
	}

	/** Back to the study's defaults. */
	reset(): void {
		this.params = defaultParams();
		this.notices = [];
		this.fitError = '';
		this.fitSource = '';
		this.#syncLists();
	}

	/**
	 * Picks a model. Switching from a catalog model to "custom" starts the custom fields from that model
	 * (architecture, dtype bytes, tied embeddings), so a person edits a known-good model.
	 */
	setModel(id: string): void {
		const from = findModel(this.params.model);
		if (id === 'custom' && from) {
			this.params.customModel = {
				layers: from.layers,
				hiddenSize: from.hiddenSize,
				heads: from.heads,
				kvHeads: from.kvHeads,
				headDim: from.headDim,
				intermediateSize: from.intermediateSize,
				vocabSize: from.vocabSize
			};
			this.params.customStorage = { dtypeBytes: from.dtypeBytes, tiedEmbeddings: from.tiedEmbeddings };
		}
		this.params.model = id;
	}

	/**
	 * Fits the latency model from a grid CSV's text (batch_size,max_seq_len,mean_latency_sec). On
	 * success the scenario uses it; on failure the previous choice stays and fitError says why.
	 */
	fitFromText(text: string, fileName: string): boolean {
		const grid = parseLatencyGrid(text);
		const fitted = grid.ok ? fitLatencyModel(grid.rows) : grid;
		if (!fitted.ok) {
			this.fitError = `"${fileName}": ${fitted.error.message}`;
			return false;
		}
		const { alphaS, betaS, gamma, r2 } = fitted.fit;
		this.params.fit = { alphaS, betaS, gamma, r2 };
		this.fitError = '';
		this.fitSource = fileName;
		return true;
	}

	/** Back to the roofline model. */
	clearFit(): void {
		this.params.fit = null;
		this.fitError = '';
		this.fitSource = '';
	}

	/** Sets a list from typed text: params change only when the text parses; otherwise an error shows. */
	setList(key: ListKey, text: string): void {
		this.listText[key] = text;
		const r = parseIntList(text, key);
		if (r.ok) {
			this.params[key] = r.value;
			delete this.listErrors[key];
		} else {
			this.listErrors[key] = r.message;
		}
	}

	#syncLists(): void {
		this.listText = { sizes: this.params.sizes.join(','), gpus: this.params.gpus.join(','), bins: this.params.bins.join(',') };
		this.listErrors = {};
	}
}

/** The page's one scenario state. */
export const scenarioState = new ScenarioState();
scenarioState.reset();
