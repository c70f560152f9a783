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

	it('shows the same message once, for the full time again', () => {
		notices.show('saved');
		notices.show('other');
		vi.advanceTimersByTime(SUCCESS_MS - 1000);
		notices.show('saved');
		expect(notices.items.map((n) => n.text)).toEqual(['other', 'saved']);
		// The first 'saved' timer fires; the new one keeps its notice on screen.
		vi.advanceTimersByTime(1001);
		expect(notices.items.map((n) => n.text)).toEqual(['saved']);
		vi.advanceTimersByTime(SUCCESS_MS);
		expect(notices.items).toEqual([]);
		// The same text as an error is another notice.
		notices.show('saved');
		notices.show('saved', 'error');
		expect(notices.items.map((n) => n.kind)).toEqual(['success', 'error']);
	});

	it('lets confirmations go by themselves but keeps errors', () => {
		notices.show('saved');
		notices.show('could not save', 'error');
		vi.advanceTimersByTime(SUCCESS_MS + 1);
		expect(notices.items.map((n) => n.text)).toEqual(['could not save']);
	});
});
