// What every form does with errors: the core's error lands on the field it names (marked and
// focused) or, when it names none of the form's fields, in the form's banner.
import { tick } from 'svelte';
import type { AppError } from '$lib/ipc/bindings';
import { toAppError } from '$lib/ipc/call';

export type FieldProblem = Pick<AppError, 'code' | 'field'>;
export type FieldErrors<F extends string> = Partial<Record<F, FieldProblem>>;

/** Routes a thrown error: onto one of `fields`, or into the banner (`failure`). */
export function routeError<F extends string>(
	thrown: unknown,
	fields: readonly F[]
): { errors: FieldErrors<F>; failure: AppError | null } {
	const error = toAppError(thrown);
	const field = fields.find((f) => f === error.field);
	if (field !== undefined) {
		const errors: FieldErrors<F> = {};
		errors[field] = error;
		return { errors, failure: null };
	}
	return { errors: {}, failure: error };
}

/** The errors without `field`'s (the same object when it had none). */
export function withoutField<F extends string>(errors: FieldErrors<F>, field: F): FieldErrors<F> {
	if (!errors[field]) return errors;
	const next = { ...errors };
	delete next[field];
	return next;
}

/** Focuses the input of the first field in error, in the order of `fields`. */
export async function focusFirstError<F extends string>(
	form: HTMLFormElement | undefined,
	fields: readonly F[],
	errors: FieldErrors<F>,
	inputName: (field: F) => string = (field) => field
): Promise<void> {
	await tick();
	const first = fields.find((f) => errors[f]);
	if (first) form?.querySelector<HTMLElement>(`[name="${inputName(first)}"]`)?.focus();
}
