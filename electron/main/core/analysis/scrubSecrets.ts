import { redactUrl } from './redactUrl';

// scheme://… up to whitespace, a quote or a bracket that would close it in prose.
const urlInText = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()[\]{}]+/gi;

/**
 * A free text (an error message, a log line) without secrets: every URL in it loses its
 * password, and every known secret (profile passwords) is replaced, wherever it appears.
 */
export function scrubSecrets(text: string, secrets: Iterable<string> = []): string {
  let scrubbed = text.replace(urlInText, (url) => redactUrl(url));
  for (const secret of secrets) {
    // Very short secrets would blank ordinary words; URLs and the fields that hold them cover those.
    if (secret.length >= 4) scrubbed = scrubbed.split(secret).join('***');
  }
  return scrubbed;
}
