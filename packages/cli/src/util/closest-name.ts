/** "Did you mean": the known name closest to a misspelt one, for the messages that name an unknown keyword or reference. */

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest of `known` to `name` (case aside) within two edits, or undefined. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  return [...known]
    .filter((candidate) => editDistance(name.toLowerCase(), candidate.toLowerCase()) <= 2)
    .sort((a, b) => editDistance(name, a) - editDistance(name, b))[0];
}

/** ` (did you mean "x"?)` when a known name is close, else "". */
export function didYouMean(name: string, known: Iterable<string>): string {
  const close = closestName(name, known);
  return close === undefined ? "" : ` (did you mean "${close}"?)`;
}
