// Who is signed in, and what the app knows at start (first start or not, store path).
import {
	commands,
	type AppError,
	type AppInfo,
	type EncryptReport,
	type Language,
	type NewUser,
	type User
} from '$lib/ipc/bindings';
import { call, toAppError } from '$lib/ipc/call';
import { languageReady, setLocale } from '$lib/i18n';

export type SessionStatus = 'loading' | 'ready' | 'failed';

class Session {
	status = $state<SessionStatus>('loading');
	info = $state<AppInfo | null>(null);
	user = $state<User | null>(null);
	error = $state<AppError | null>(null);
	/** A recovery key to show once (first start, or after protecting the data), until acknowledged. */
	recoveryKey = $state<string | null>(null);
	/** What protecting an unencrypted store did (its backup), shown with the recovery key. */
	protectReport = $state<EncryptReport | null>(null);

	/** The store is encrypted and its key is not known yet: the unlock screen. */
	get locked(): boolean {
		return this.info?.store === 'locked';
	}

	/** An unencrypted store: the "protect the data" screen. */
	get plaintext(): boolean {
		return this.info?.store === 'plaintext';
	}

	/** First start: no store yet, the setup asks for the passphrase too. */
	get newStore(): boolean {
		return this.info?.store === 'new';
	}

	get needsSetup(): boolean {
		return this.info?.needs_setup ?? false;
	}

	get isAdmin(): boolean {
		return this.user?.is_admin ?? false;
	}

	/**
	 * Asks the core what to show first: setup, sign-in, or the desk. The first screen waits for
	 * its language (the one last used on this computer, or the remembered user's) to load.
	 */
	async start(): Promise<void> {
		this.status = 'loading';
		this.error = null;
		try {
			const [info] = await Promise.all([call(() => commands.appInfo()), languageReady()]);
			if (info.user) await setLocale(info.user.language);
			this.info = info;
			this.user = info.user;
			this.status = 'ready';
		} catch (e) {
			this.error = toAppError(e);
			this.status = 'failed';
		}
	}

	/** The desk opens in the user's language: it waits for that language's messages to load. */
	private async signedIn(user: User): Promise<void> {
		await setLocale(user.language);
		this.user = user;
		if (this.info) this.info = { ...this.info, needs_setup: false, user };
	}

	async setupFirstAdmin(input: NewUser, loadDemo: boolean, passphrase = '', remember = false): Promise<User> {
		const result = await call(() => commands.setupFirstAdmin(input, loadDemo, passphrase, remember));
		if (this.info) this.info = { ...this.info, store: 'open' };
		this.recoveryKey = result.recovery_key;
		await this.signedIn(result.user);
		return result.user;
	}

	/** Opens the encrypted store with its passphrase. */
	async unlock(passphrase: string, remember: boolean): Promise<void> {
		this.info = await call(() => commands.storeUnlock(passphrase, remember));
	}

	/** Opens the encrypted store with the recovery key and sets a new passphrase. */
	async unlockWithRecovery(recoveryKey: string, newPassphrase: string, remember: boolean): Promise<void> {
		this.info = await call(() => commands.storeUnlockRecovery(recoveryKey, newPassphrase, remember));
	}

	/** Encrypts an unencrypted store; its recovery key and backup are shown next. */
	async protect(passphrase: string, remember: boolean): Promise<EncryptReport> {
		const report = await call(() => commands.storeProtect(passphrase, remember));
		this.protectReport = report;
		this.recoveryKey = report.recovery_key;
		this.info = await call(() => commands.appInfo());
		return report;
	}

	/** The recovery key was saved: it is not shown again. */
	acknowledgeRecovery(): void {
		this.recoveryKey = null;
		this.protectReport = null;
	}

	async signIn(username: string, password: string): Promise<User> {
		const user = await call(() => commands.signIn(username, password));
		await this.signedIn(user);
		return user;
	}

	async signOut(): Promise<void> {
		await call(() => commands.signOut());
		this.user = null;
		if (this.info) this.info = { ...this.info, user: null };
	}

	/** Switches the UI at once, then remembers the choice for the signed-in user. */
	async setLanguage(language: Language): Promise<void> {
		await setLocale(language);
		if (!this.user) return;
		this.user = await call(() => commands.setLanguage(language));
	}
}

export const session = new Session();
