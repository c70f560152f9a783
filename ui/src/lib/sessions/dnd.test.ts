import { describe, expect, it } from 'vitest';
import { canNestUnder, dropPlace, dropWhere } from './dnd';
import { ITEMS } from './fixtures';

describe('dropPlace', () => {
	it('moves a top-level item up before another one', () => {
		// 3 before 2 → position 1 among the top-level items.
		expect(dropPlace(ITEMS, 'i3', 'i2', 'before')).toEqual({ parent: null, position: 1 });
		expect(dropPlace(ITEMS, 'i3', 'i1', 'before')).toEqual({ parent: null, position: 0 });
	});

	it('counts one less when moving down within the same parent (the item leaves its place first)', () => {
		expect(dropPlace(ITEMS, 'i1', 'i3', 'after')).toEqual({ parent: null, position: 2 });
		expect(dropPlace(ITEMS, 'i1', 'i3', 'before')).toEqual({ parent: null, position: 1 });
		expect(dropPlace(ITEMS, 'i11', 'i12', 'after')).toEqual({ parent: 'i1', position: 1 });
	});

	it('makes an item the last sub-item when dropped inside another', () => {
		expect(dropPlace(ITEMS, 'i3', 'i1', 'inside')).toEqual({ parent: 'i1', position: 2 });
		expect(dropPlace(ITEMS, 'i3', 'i2', 'inside')).toEqual({ parent: 'i2', position: 0 });
	});

	it('moves a sub-item to the top level or under another parent', () => {
		expect(dropPlace(ITEMS, 'i12', 'i3', 'before')).toEqual({ parent: null, position: 2 });
		expect(dropPlace(ITEMS, 'i12', 'i2', 'inside')).toEqual({ parent: 'i2', position: 0 });
		expect(dropPlace(ITEMS, 'i3', 'i11', 'before')).toEqual({ parent: 'i1', position: 0 });
	});

	it('refuses drops that change nothing or that the agenda does not allow', () => {
		expect(dropPlace(ITEMS, 'i2', 'i2', 'before')).toBeNull();
		expect(dropPlace(ITEMS, 'i2', 'i3', 'before')).toBeNull(); // already there
		expect(dropPlace(ITEMS, 'i2', 'i1', 'after')).toBeNull(); // right after 1 = where it is
		expect(dropPlace(ITEMS, 'i1', 'i11', 'before')).toBeNull(); // into its own sub-items
		expect(dropPlace(ITEMS, 'i1', 'i2', 'inside')).toBeNull(); // has sub-items: stays on top
		expect(dropPlace(ITEMS, 'i2', 'i11', 'inside')).toBeNull(); // two levels only
	});

	it('reads the part of the row under the pointer', () => {
		expect(dropWhere(2, 40, true)).toBe('before');
		expect(dropWhere(20, 40, true)).toBe('inside');
		expect(dropWhere(38, 40, true)).toBe('after');
		expect(dropWhere(20, 40, false)).toBe('after');
		expect(dropWhere(5, 0, true)).toBe('before');
		expect(canNestUnder(ITEMS, 'i3', ITEMS[0])).toBe(true);
		expect(canNestUnder(ITEMS, 'i1', ITEMS[3])).toBe(false);
	});
});
