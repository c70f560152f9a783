// Messages for the fields of the administration forms: a message of this domain when there is
// one (`admin.field_errors.<field>.<code>`), else the app's usual one.
import type { AppError } from '$lib/ipc/bindings';
import { errorKey, hasMessage } from '$lib/i18n';

export function adminErrorKey(error: Pick<AppError, 'code' | 'field'>): string {
	if (error.field) {
		const own = `admin.field_errors.${error.field}.${error.code}`;
		if (hasMessage(own)) return own;
	}
	return errorKey(error);
}
