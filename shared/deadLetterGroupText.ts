/** The pattern of the group of records whose headers carry no error message. */
export const noErrorMessage = '(no error message)';

/** The placeholders error normalisation puts where records differ (core/analysis/errorGroups.ts). */
const placeholder = /<(?:n|value|uuid|hex)>|…$/g;

/**
 * The text a group's records all contain, to filter the browser by: the longest stretch of
 * the normalised pattern without a placeholder. Null when nothing is left (a pattern of
 * placeholders only, or the group of records without an error message).
 */
export function groupErrorText(pattern: string): string | null {
  if (pattern === noErrorMessage) return null;
  const longest = pattern
    .split(placeholder)
    .map((part) => part.trim())
    .reduce((best, part) => (part.length > best.length ? part : best), '');
  return longest.length >= 3 ? longest : null;
}
