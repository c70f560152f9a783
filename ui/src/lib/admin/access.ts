// Who sees what in the administration screens (the core checks it again on every command).
import type { User } from '$lib/ipc/bindings';

/** The audit log is for the Secretary-General and the Auditor. */
export function canViewAudit(user: User | null | undefined): boolean {
	return user?.role === 'secretary_general' || user?.role === 'auditor';
}

/** Accounts, backups and the idle lock: administrators who are not auditors. */
export function canAdminister(user: User | null | undefined): boolean {
	return !!user && user.is_admin && user.role !== 'auditor';
}

/** How many audit rows the viewer asks the core for at a time (a window of the scrolled list). */
export const AUDIT_PAGE = 200;
