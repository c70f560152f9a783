// The idle lock: after the configured minutes without keyboard, mouse or touch activity, the
// signed-in user is signed out and the sign-in screen says why. The clock is injectable (tests
// use vitest's fake timers through the default one).
import { commands } from '$lib/ipc/bindings';
import { call } from '$lib/ipc/call';
import { memberList } from '$lib/members/list.svelte';
import { session } from '$lib/session/session.svelte';
import { notices } from '$lib/ui/notices.svelte';

export type Clock = {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

/** The real clock, looked up at each call (so that fake timers installed later apply). */
export const systemClock: Clock = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
	clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** What counts as activity. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'scroll'] as const;

async function signOutForIdle(): Promise<void> {
	try {
		await session.signOut();
	} catch {
		// The screen locks even if the core could not be told.
		session.user = null;
	}
	notices.clear();
	memberList.reset();
}

export class IdleLock {
	/** Minutes of inactivity before signing out (0: not watching). */
	minutes = $state(0);
	/** The last sign-out was the idle lock's (the sign-in screen says so). */
	lockedOut = $state(false);

	private last = 0;
	private timer: unknown = null;
	private target: EventTarget | null = null;
	private generation = 0;
	private readonly onActivity = () => {
		this.last = this.clock.now();
	};

	constructor(
		private readonly clock: Clock = systemClock,
		private readonly signOut: () => Promise<void> = signOutForIdle
	) {}

	/** Reads the setting from the core and starts watching `target` (the window). */
	async watch(target: EventTarget = globalThis.window): Promise<void> {
		this.unwatch();
		const generation = this.generation;
		let minutes: number;
		try {
			minutes = await call(() => commands.idleLockGet());
		} catch {
			return;
		}
		if (generation !== this.generation) return; // unwatched meanwhile
		this.start(minutes, target);
	}

	/** Starts watching with a known number of minutes. */
	start(minutes: number, target: EventTarget = globalThis.window): void {
		this.unwatch();
		if (!(minutes > 0)) return;
		this.lockedOut = false;
		this.minutes = minutes;
		this.target = target;
		this.last = this.clock.now();
		for (const e of ACTIVITY_EVENTS) target.addEventListener(e, this.onActivity, { passive: true, capture: true });
		this.schedule(minutes * 60_000);
	}

	/** Applies a new setting at once (after an administrator changes it). */
	update(minutes: number): void {
		if (this.target) this.start(minutes, this.target);
	}

	unwatch(): void {
		this.generation++;
		if (this.timer !== null) this.clock.clearTimeout(this.timer);
		this.timer = null;
		if (this.target) for (const e of ACTIVITY_EVENTS) this.target.removeEventListener(e, this.onActivity, { capture: true });
		this.target = null;
		this.minutes = 0;
	}

	private schedule(ms: number): void {
		this.timer = this.clock.setTimeout(() => this.check(), ms);
	}

	private check(): void {
		this.timer = null;
		const limit = this.minutes * 60_000;
		const idle = this.clock.now() - this.last;
		if (idle < limit) {
			this.schedule(limit - idle);
			return;
		}
		this.unwatch();
		this.lockedOut = true;
		void this.signOut();
	}
}

export const idleLock = new IdleLock();
