// PROVISIONAL: hand-written stand-in until tauri-specta generates this file from the Rust
// commands (tests/bindings.rs). It will be overwritten; do not edit by hand.

/** user-defined commands **/

export const commands = {
	async appInfo(): Promise<AppInfo> {
		return await TAURI_INVOKE('app_info');
	},
	/**
	 * Creates the first administrator of an empty store and signs them in; optionally loads demo data.
	 */
	async setupFirstAdmin(input: NewUser, loadDemo: boolean): Promise<User> {
		return await TAURI_INVOKE('setup_first_admin', { input, loadDemo });
	},
	async signIn(username: string, password: string): Promise<User> {
		return await TAURI_INVOKE('sign_in', { username, password });
	},
	async signOut(): Promise<null> {
		return await TAURI_INVOKE('sign_out');
	},
	async setLanguage(language: Language): Promise<User> {
		return await TAURI_INVOKE('set_language', { language });
	},
	async usersList(): Promise<User[]> {
		return await TAURI_INVOKE('users_list');
	},
	async usersAdd(input: NewUser): Promise<User> {
		return await TAURI_INVOKE('users_add', { input });
	},
	async deskSummary(): Promise<Desk> {
		return await TAURI_INVOKE('desk_summary');
	},
	async demoLoad(): Promise<DemoReport> {
		return await TAURI_INVOKE('demo_load');
	},
	async membersList(filter: MemberFilter): Promise<Member[]> {
		return await TAURI_INVOKE('members_list', { filter });
	},
	async memberGet(id: string): Promise<MemberDetail> {
		return await TAURI_INVOKE('member_get', { id });
	},
	async memberCreate(input: MemberInput): Promise<Member> {
		return await TAURI_INVOKE('member_create', { input });
	},
	async memberUpdate(id: string, input: MemberInput): Promise<Member> {
		return await TAURI_INVOKE('member_update', { id, input });
	},
	async memberSetArchived(id: string, archived: boolean): Promise<Member> {
		return await TAURI_INVOKE('member_set_archived', { id, archived });
	},
	async contactAdd(memberId: string, input: ContactInput): Promise<Contact> {
		return await TAURI_INVOKE('contact_add', { memberId, input });
	},
	async contactUpdate(id: string, input: ContactInput): Promise<Contact> {
		return await TAURI_INVOKE('contact_update', { id, input });
	},
	async contactDelete(id: string): Promise<null> {
		return await TAURI_INVOKE('contact_delete', { id });
	},
	/**
	 * Checks a CSV file's text and shows what an import would do; writes nothing.
	 */
	async membersImportPreview(csv: string): Promise<ImportPreview> {
		return await TAURI_INVOKE('members_import_preview', { csv });
	},
	async membersImport(csv: string): Promise<ImportReport> {
		return await TAURI_INVOKE('members_import', { csv });
	},
	/**
	 * Writes every member institution as CSV to the user's Downloads folder.
	 */
	async membersExport(): Promise<ExportResult> {
		return await TAURI_INVOKE('members_export');
	}
};

/** user-defined types **/

export type AppError = { code: ErrorCode; message: string; field?: string };
export type AppInfo = { version: string; db_path: string; needs_setup: boolean; user: User | null };
export type AuditEntry = {
	id: string;
	at: string;
	user_id: string | null;
	user_name: string | null;
	operation: string;
	entity: string;
	entity_id: string | null;
	summary: string;
};
export type Category = 'titular' | 'associate' | 'adherent' | 'linked';
export type Contact = {
	id: string;
	member_id: string;
	name: string;
	position: string;
	email: string | null;
	phone: string | null;
	languages: Language[];
};
export type ContactInput = {
	name: string;
	position: string;
	email: string | null;
	phone: string | null;
	languages: Language[];
};
export type DemoReport = { bodies: number; members: number; contacts: number };
export type Desk = { members: MemberCounts; recent: AuditEntry[] };
export type ErrorCode =
	| 'required'
	| 'invalid_format'
	| 'invalid_value'
	| 'too_long'
	| 'duplicate'
	| 'not_found'
	| 'forbidden'
	| 'not_signed_in'
	| 'invalid_credentials'
	| 'already_initialized'
	| 'not_initialized'
	| 'import_invalid'
	| 'storage'
	| 'internal';
export type ExportResult = { path: string; rows: number };
export type ImportIssue = { line: number; code: ErrorCode; field: string | null; message: string };
export type ImportPreview = {
	delimiter: string;
	rows: ImportRow[];
	issues: ImportIssue[];
	ignored_columns: string[];
};
export type ImportReport = { created: number };
export type ImportRow = { line: number; input: MemberInput; ok: boolean };
export type Language = 'es' | 'en' | 'pt' | 'fr';
export type Member = {
	id: string;
	name: string;
	acronym: string;
	country: string;
	category: Category;
	subregion: number | null;
	admission_date: string | null;
	status: MemberStatus;
	website: string | null;
	email: string | null;
	notes: string;
	archived: boolean;
	contact_count: number;
	created_at: string;
	updated_at: string;
};
export type MemberCounts = {
	total: number;
	titular: number;
	associate: number;
	adherent: number;
	linked: number;
	suspended: number;
	withdrawn: number;
	countries: number;
};
export type MemberDetail = { member: Member; contacts: Contact[] };
export type MemberFilter = {
	search: string | null;
	country: string | null;
	category: Category | null;
	subregion: number | null;
	status: MemberStatus | null;
	include_archived: boolean;
	sort: MemberSort;
	descending: boolean;
};
export type MemberInput = {
	name: string;
	acronym: string;
	country: string;
	category: Category | null;
	subregion: number | null;
	admission_date: string | null;
	status: MemberStatus;
	website: string | null;
	email: string | null;
	notes: string;
};
export type MemberSort = 'name' | 'acronym' | 'country' | 'category' | 'admission_date';
export type MemberStatus = 'active' | 'suspended' | 'withdrawn';
export type NewUser = {
	username: string;
	full_name: string;
	role: Role;
	is_admin: boolean;
	password: string;
	language: Language;
};
export type Role =
	| 'secretary_general'
	| 'chief_of_staff'
	| 'managing_finances'
	| 'linking_cooperation'
	| 'staff'
	| 'auditor';
export type User = {
	id: string;
	username: string;
	full_name: string;
	role: Role;
	is_admin: boolean;
	language: Language;
};

/** tauri-specta globals **/

import { invoke as TAURI_INVOKE } from '@tauri-apps/api/core';
