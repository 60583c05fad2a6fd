import type { Confirmation } from './contracts/controls';

export interface ConfirmationProfile {
  name: string;
  environment: string;
  confirmAbove: number;
}

/**
 * What an invalidation of `matched` keys must be confirmed with: nothing up to the profile's
 * limit; above it the pattern (the profile's name on a production profile, or for a list of keys).
 */
export function invalidateConfirmation(profile: ConfirmationProfile, pattern: string | null, matched: number): Confirmation {
  const production = profile.environment === 'production';
  const text = production || pattern === null ? profile.name : pattern;
  if (matched <= profile.confirmAbove) return { required: false, text, reason: `${matched} keys, at most ${profile.confirmAbove} without confirmation` };
  const what = production ? 'the profile name (production)' : pattern === null ? 'the profile name' : 'the pattern';
  return { required: true, text, reason: `${matched} keys is more than ${profile.confirmAbove}: type ${what} to confirm` };
}

/** Flushes always need the strongest confirmation: the profile's name. */
export function flushConfirmation(profile: { name: string }): Confirmation {
  return { required: true, text: profile.name, reason: 'a flush deletes everything it covers: type the profile name to confirm' };
}

/**
 * What a replay or a park of `matched` dead letters must be confirmed with: the profile's
 * name above its limit, and always on a production profile (records go back into a live pipeline).
 */
export function deadLetterConfirmation(profile: ConfirmationProfile, action: 'replay' | 'park', matched: number): Confirmation {
  const text = profile.name;
  if (profile.environment === 'production') return { required: true, text, reason: `${action} on a production profile: type the profile name to confirm` };
  if (matched <= profile.confirmAbove) return { required: false, text, reason: `${matched} records, at most ${profile.confirmAbove} without confirmation` };
  return { required: true, text, reason: `${matched} records is more than ${profile.confirmAbove}: type the profile name to confirm` };
}
