// Where a dragged agenda item lands: (new parent, new position) for agendaMoveItem.
// `new_position` is the item's index among the new parent's children *after* it left its old
// place (the core removes it first, then inserts), so a move down within the same parent counts
// one less.
import type { AgendaItem } from '$lib/ipc/bindings';

export type DropWhere = 'before' | 'after' | 'inside';
export type DropPlace = { parent: string | null; position: number };

/** Which part of a row the pointer is over: top quarter before, bottom quarter after, else inside. */
export function dropWhere(offsetY: number, height: number, canNest: boolean): DropWhere {
	if (!(height > 0)) return 'before';
	const r = offsetY / height;
	if (!canNest) return r < 0.5 ? 'before' : 'after';
	if (r < 0.3) return 'before';
	if (r > 0.7) return 'after';
	return 'inside';
}

/** Whether `dragged` may become a sub-item of `target` (two levels only). */
export function canNestUnder(items: AgendaItem[], draggedId: string, target: AgendaItem): boolean {
	const dragged = items.find((i) => i.id === draggedId);
	if (!dragged || dragged.id === target.id) return false;
	return target.parent_id === null && !dragged.has_sub_items;
}

/**
 * The place of `draggedId` dropped `where` relative to `targetId`, or null when the drop
 * would not move it or is not allowed (onto itself, into its own sub-items, an item with
 * sub-items under another item).
 */
export function dropPlace(items: AgendaItem[], draggedId: string, targetId: string, where: DropWhere): DropPlace | null {
	const dragged = items.find((i) => i.id === draggedId);
	const target = items.find((i) => i.id === targetId);
	if (!dragged || !target || dragged.id === target.id) return null;
	if (target.parent_id === dragged.id) return null;

	let parent: string | null;
	let position: number;
	if (where === 'inside') {
		if (!canNestUnder(items, draggedId, target)) return null;
		parent = target.id;
		position = items.filter((i) => i.parent_id === target.id && i.id !== dragged.id).length;
	} else {
		parent = target.parent_id;
		position = where === 'before' ? target.position : target.position + 1;
		if (parent !== null && dragged.has_sub_items) return null;
		if (dragged.parent_id === parent && dragged.position < position) position -= 1;
	}
	if (dragged.parent_id === parent && dragged.position === position) return null;
	return { parent, position };
}
