// Who is signed in, and what the app knows at start (first start or not, store path).
import { commands, type AppError, type AppInfo, type Language, type NewUser, type User } from '$lib/ipc/bindings';
import { call, toAppError } from '$lib/ipc/call';
import { setLocale } from '$lib/i18n';

export type SessionStatus = 'loading' | 'ready' | 'failed';

class Session {
	status = $state<SessionStatus>('loading');
	info = $state<AppInfo | null>(null);
	user = $state<User | null>(null);
	error = $state<AppError | null>(null);

	get needsSetup(): boolean {
		return this.info?.needs_setup ?? false;
	}

	get isAdmin(): boolean {
		return this.user?.is_admin ?? false;
	}

	/** Asks the core what to show first: setup, sign-in, or the desk. */
	async start(): Promise<void> {
		this.status = 'loading';
		this.error = null;
		try {
			const info = await call(() => commands.appInfo());
			this.info = info;
			this.user = info.user;
			if (info.user) setLocale(info.user.language);
			this.status = 'ready';
		} catch (e) {
			this.error = toAppError(e);
			this.status = 'failed';
		}
	}

	private signedIn(user: User): void {
		this.user = user;
		if (this.info) this.info = { ...this.info, needs_setup: false, user };
		setLocale(user.language);
	}

	async setupFirstAdmin(input: NewUser, loadDemo: boolean): Promise<User> {
		const user = await call(() => commands.setupFirstAdmin(input, loadDemo));
		this.signedIn(user);
		return user;
	}

	async signIn(username: string, password: string): Promise<User> {
		const user = await call(() => commands.signIn(username, password));
		this.signedIn(user);
		return user;
	}

	async signOut(): Promise<void> {
		await call(() => commands.signOut());
		this.user = null;
		if (this.info) this.info = { ...this.info, user: null };
	}

	/** Switches the UI at once, then remembers the choice for the signed-in user. */
	async setLanguage(language: Language): Promise<void> {
		setLocale(language);
		if (!this.user) return;
		this.user = await call(() => commands.setLanguage(language));
	}
}

export const session = new Session();
