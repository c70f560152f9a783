// Every command throws an `AppError` object on failure (tauri-specta, ErrorHandlingMode::Throw),
// or a string / Error for failures of the framework itself. `toAppError` turns any of them
// into one `AppError`, so that screens only ever deal with `{ code, message, field? }`.
import type { AppError, ErrorCode } from './bindings';

/** Every error code the core can send; the type makes this list follow the generated one. */
const KNOWN: Record<ErrorCode, true> = {
	required: true,
	invalid_format: true,
	invalid_value: true,
	too_long: true,
	duplicate: true,
	not_found: true,
	forbidden: true,
	not_signed_in: true,
	invalid_credentials: true,
	already_initialized: true,
	not_initialized: true,
	import_invalid: true,
	storage: true,
	unavailable: true,
	internal: true,
	locked: true,
	wrong_passphrase: true
};

export const ERROR_CODES = Object.keys(KNOWN) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(KNOWN, value);
}

export function toAppError(thrown: unknown): AppError {
	if (thrown !== null && typeof thrown === 'object' && !(thrown instanceof Error)) {
		const o = thrown as Record<string, unknown>;
		if (isErrorCode(o.code)) {
			const error: AppError = {
				code: o.code,
				message: typeof o.message === 'string' ? o.message : ''
			};
			if (typeof o.field === 'string' && o.field !== '') error.field = o.field;
			return error;
		}
		let text: string;
		try {
			text = JSON.stringify(thrown);
		} catch {
			text = String(thrown);
		}
		return { code: 'internal', message: text };
	}
	if (thrown instanceof Error) return { code: 'internal', message: thrown.message };
	if (typeof thrown === 'string') return { code: 'internal', message: thrown };
	return { code: 'internal', message: String(thrown) };
}

/** Runs a command and rethrows any failure as an `AppError`. */
export async function call<T>(command: () => Promise<T>): Promise<T> {
	try {
		return await command();
	} catch (thrown) {
		throw toAppError(thrown);
	}
}
