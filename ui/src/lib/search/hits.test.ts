import { describe, expect, it } from 'vitest';
import type { SearchHit } from '$lib/ipc/bindings';
import { hitHref } from './hits';

const hit = (record_id: string, parent_id: string | null = null): SearchHit => ({
	record_id,
	parent_id,
	title: 't',
	title_segments: [],
	snippet: [],
	rank: 1,
	archived: false
});

describe('hitHref', () => {
	it('opens an obligation, a postulation (on its call) and a regulation project', () => {
		expect(hitHref('obligation', hit('o 1'))).toBe('/compliance?tab=obligations&id=o%201');
		expect(hitHref('postulation', hit('p1', 'c/1'))).toBe('/elections?id=c%2F1&tab=postulations');
		expect(hitHref('postulation', hit('p1'))).toBe('/elections');
		expect(hitHref('regulation', hit('r1'))).toBe('/regulations?id=r1');
	});

	it('opens a contact on its member and a budget line on the budget', () => {
		expect(hitHref('contact', hit('c1', 'm1'))).toBe('/members/view?id=m1');
		expect(hitHref('budget_line', hit('b1', 'ch1'))).toBe('/finance?tab=budget');
	});
});
