/**
 * How manifest names become file names, identifiers and type names. One place, so
 * the generator, `check` and the stubs always agree, and so no name from a
 * manifest can escape its folder or produce invalid TypeScript.
 */

/** The manifest's entry kinds, and `middleware` for a custom middleware's stub. */
export type EntryKind = "tool" | "resource" | "resourceTemplate" | "prompt" | "middleware";

/** Words that cannot be a function name in strict-mode ES modules. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval undefined NaN Infinity"
  ).split(" "),
);

/** Device names Windows refuses as file names, whatever the extension. */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** Splits `getUser.v2-beta_x` or `HTTPServer` into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** Prefix used when a name alone would not make a valid identifier. */
const KIND_PREFIX: Readonly<Record<EntryKind, string>> = {
  tool: "tool",
  resource: "resource",
  resourceTemplate: "template",
  prompt: "prompt",
  middleware: "middleware",
};

/** camelCase handler name; prefixed with the kind when reserved or starting with a digit (`delete` → `toolDelete`). */
export function handlerIdentifier(kind: EntryKind, name: string): string {
  const parts = words(name);
  const camel = parts.map((word, index) => (index === 0 ? word : capitalise(word))).join("");
  if (camel === "" || /^[0-9]/.test(camel) || RESERVED.has(camel)) return KIND_PREFIX[kind] + parts.map(capitalise).join("");
  return camel;
}

/**
 * PascalCase with a capital after every digit (`3d` → `3D`), the form
 * json-schema-to-typescript normalises names to; a name that changed there would
 * no longer match the imports the generator writes.
 */
export function pascalCase(text: string): string {
  return words(text)
    .map(capitalise)
    .join("")
    .replace(/([0-9])([a-z])/g, (_match, digit: string, letter: string) => digit + letter.toUpperCase());
}

/** PascalCase base for generated type names (`get-user` → `GetUser`). */
export function typeBaseName(kind: EntryKind, name: string): string {
  const pascal = pascalCase(name);
  return pascal === "" || /^[0-9]/.test(pascal) ? capitalise(KIND_PREFIX[kind]) + pascal : pascal;
}

/** kebab-case file stem (`getUser.v2` → `get-user-v2`); lower case so case-insensitive file systems cannot collide. */
export function fileStem(kind: EntryKind, name: string): string {
  const stem = words(name).join("-");
  if (stem === "" || WINDOWS_DEVICES.test(stem)) return `${KIND_PREFIX[kind]}-${stem}`.replace(/-$/, "");
  return stem;
}
