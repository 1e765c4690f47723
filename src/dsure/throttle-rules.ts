// How many wrong 認証キー entries D-Sure tolerates before it stops answering, per certificate
// number, per user account and per client address. While a lock lasts, even the right key is
// refused. A 認証キー has about 86 bits of randomness; with 5 tries an hour per number, guessing
// one is hopeless.
import type { ThrottleRule } from '../security/throttle.ts';

export const KEY_ENTRY_NUMBER_RULE: ThrottleRule = { maxFailures: 5, windowSeconds: 60 * 60, lockSeconds: 60 * 60 };
export const KEY_ENTRY_ACCOUNT_RULE: ThrottleRule = { maxFailures: 10, windowSeconds: 60 * 60, lockSeconds: 60 * 60 };
export const KEY_ENTRY_ADDRESS_RULE: ThrottleRule = { maxFailures: 30, windowSeconds: 60 * 60, lockSeconds: 60 * 60 };

export const keyEntryThrottleKeys = (input: { number: string; userId: string; ip: string }) => ({
  number: `dsure-key-number:${input.number}`,
  account: `dsure-key-user:${input.userId}`,
  address: `dsure-key-ip:${input.ip}`,
});
