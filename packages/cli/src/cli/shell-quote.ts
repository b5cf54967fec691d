/**
 * Quotes a word for a POSIX shell, so a path printed as a command (`cd My Server`)
 * works when pasted. Plain words stay as they are, for readability; anything else
 * goes in single quotes, where only `'` itself needs escaping (`'\''`).
 */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(word: string): string {
  // A leading "-" would be read as an option; "./-x" names the same path.
  const safe = word.startsWith("-") ? `./${word}` : word;
  return PLAIN_WORD.test(safe) ? safe : `'${safe.replace(/'/g, "'\\''")}'`;
}
