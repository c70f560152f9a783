import { describe, expect, it } from 'vitest';
import { firstScreenName } from './perf';

const base = { recoveryKey: null, locked: false, plaintext: false, needsSetup: false, user: null };

describe('firstScreenName', () => {
	it('names the screen the layout shows first', () => {
		expect(firstScreenName({ ...base, locked: true })).toBe('unlock');
		expect(firstScreenName({ ...base, plaintext: true })).toBe('protect');
		expect(firstScreenName({ ...base, needsSetup: true })).toBe('setup');
		expect(firstScreenName(base)).toBe('sign-in');
		expect(firstScreenName({ ...base, user: { id: 'u' } })).toBe('desk');
	});

	it('puts the recovery key notice and the unlock screen before setup', () => {
		expect(firstScreenName({ ...base, recoveryKey: 'k', needsSetup: true })).toBe('recovery-key');
		expect(firstScreenName({ ...base, locked: true, needsSetup: true })).toBe('unlock');
	});
});
