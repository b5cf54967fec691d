/** Help text shared by the commands: every `--help` ends with invocations to copy. */

/** The `Examples:` block commander prints after a command's options. */
export function examplesText(invocations: readonly string[]): string {
  return `\nExamples:\n${invocations.map((invocation) => `  $ ${invocation}`).join("\n")}`;
}

/** True when argv may ask for help, the only time the help's extra inputs are worth loading. */
export function mayShowHelp(argv: readonly string[]): boolean {
  return argv.slice(2).some((arg) => arg === "-h" || arg === "--help" || arg === "help");
}
