/**
 * Indents ajv's standalone code (one statement per line, no indentation) by brace
 * depth. Cheap and deterministic; running a full formatter over thousands of
 * validators costs more than generating them.
 */

/** Net `{`/`}` count of a line, ignoring braces inside double-quoted strings. */
function braceBalance(line: string): { readonly leadingCloses: number; readonly net: number } {
  let net = 0;
  let inString = false;
  let leadingCloses = 0;
  let leading = true;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{") net++;
    else if (char === "}") {
      net--;
      if (leading) leadingCloses++;
      continue;
    }
    if (char !== " ") leading = false;
  }
  return { leadingCloses, net };
}

export function indentCode(code: string, unit = "  "): string {
  let depth = 0;
  const lines: string[] = [];
  for (const raw of code.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    // Regular-expression literals (ajv's inlined formats) may hold braces and quotes.
    const { leadingCloses, net } = line.startsWith("const formats") ? { leadingCloses: 0, net: 0 } : braceBalance(line);
    lines.push(unit.repeat(Math.max(0, depth - leadingCloses)) + line);
    depth = Math.max(0, depth + net);
  }
  return lines.join("\n");
}
