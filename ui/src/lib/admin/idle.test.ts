import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { commands } = vi.hoisted(() => ({ commands: { idleLockGet: vi.fn(), signOut: vi.fn() } }));
vi.mock('$lib/ipc/bindings', () => ({ commands }));

import { IdleLock } from './idle.svelte';

describe('idle lock', () => {
	let target: EventTarget;
	let signOut: ReturnType<typeof vi.fn<() => Promise<void>>>;

	beforeEach(() => {
		vi.useFakeTimers();
		vi.clearAllMocks();
		target = new EventTarget();
		signOut = vi.fn<() => Promise<void>>().mockResolvedValue(undefined);
	});
	afterEach(() => vi.useRealTimers());

	it('signs out after the configured minutes without activity, and not before', async () => {
		commands.idleLockGet.mockResolvedValue(15);
		const lock = new IdleLock(undefined, signOut);
		await lock.watch(target);
		expect(lock.minutes).toBe(15);
		vi.advanceTimersByTime(15 * 60_000 - 1);
		expect(signOut).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		expect(signOut).toHaveBeenCalledTimes(1);
		expect(lock.lockedOut).toBe(true);
		// It stops watching: nothing more happens.
		vi.advanceTimersByTime(60 * 60_000);
		expect(signOut).toHaveBeenCalledTimes(1);
	});

	it('starts counting again at each activity', () => {
		const lock = new IdleLock(undefined, signOut);
		lock.start(10, target);
		vi.advanceTimersByTime(9 * 60_000);
		target.dispatchEvent(new Event('keydown'));
		vi.advanceTimersByTime(9 * 60_000);
		target.dispatchEvent(new Event('pointermove'));
		vi.advanceTimersByTime(9 * 60_000);
		target.dispatchEvent(new Event('touchstart'));
		vi.advanceTimersByTime(10 * 60_000 - 1);
		expect(signOut).not.toHaveBeenCalled();
		expect(lock.lockedOut).toBe(false);
		vi.advanceTimersByTime(1);
		expect(signOut).toHaveBeenCalledTimes(1);
	});

	it('does nothing once unwatched (signed out by hand), and takes a new setting at once', () => {
		const lock = new IdleLock(undefined, signOut);
		lock.start(10, target);
		lock.update(2);
		vi.advanceTimersByTime(2 * 60_000);
		expect(signOut).toHaveBeenCalledTimes(1);

		const other = new IdleLock(undefined, signOut);
		other.start(5, target);
		other.unwatch();
		vi.advanceTimersByTime(60 * 60_000);
		expect(signOut).toHaveBeenCalledTimes(1);
	});

	it('uses an injected clock', () => {
		let now = 0;
		const timers: { fn: () => void; at: number }[] = [];
		const clock = {
			now: () => now,
			setTimeout: (fn: () => void, ms: number) => timers.push({ fn, at: now + ms }),
			clearTimeout: () => {}
		};
		const lock = new IdleLock(clock, signOut);
		lock.start(1, target);
		now = 30_000;
		target.dispatchEvent(new Event('mousedown'));
		now = 60_000;
		timers.shift()?.fn(); // fires at 60 s, but the last activity was at 30 s
		expect(signOut).not.toHaveBeenCalled();
		expect(timers[0].at).toBe(90_000);
		now = 90_000;
		timers.shift()?.fn();
		expect(signOut).toHaveBeenCalledTimes(1);
	});
});
