import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_SHOWN, SUCCESS_MS, notices } from './notices.svelte';

describe('notices', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		notices.clear();
	});
	afterEach(() => vi.useRealTimers());

	it('keeps at most a few on screen, the newest last', () => {
		for (let i = 1; i <= 5; i++) notices.show(`saved ${i}`);
		expect(notices.items.map((n) => n.text)).toEqual(['saved 3', 'saved 4', 'saved 5'].slice(-MAX_SHOWN));
	});

	it('lets confirmations go by themselves but keeps errors', () => {
		notices.show('saved');
		notices.show('could not save', 'error');
		vi.advanceTimersByTime(SUCCESS_MS + 1);
		expect(notices.items.map((n) => n.text)).toEqual(['could not save']);
	});
});
