/**
 * Options of the bench scripts: `--help` prints the usage, and a mistyped option is
 * one line naming it with the usage after it (exit 2), not a stack trace. `command`
 * is the npm script, e.g. "bench:profile".
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O }>>["values"];

/** Exits with the usage on `--help` (0) or on an option it does not know (2). */
export function parseCommandLine<const O extends Options>(command: string, options: O, usage: readonly string[]): Values<O> {
  const text = `usage: npm run ${command} -- [options]\n${usage.join("\n")}\n`;
  let values: Values<O> & { help?: boolean };
  try {
    values = parseArgs({ options: { ...options, help: { type: "boolean", short: "h" } } }).values;
  } catch (error) {
    process.stderr.write(`${command}: ${error instanceof Error ? error.message : String(error)}\n\n${text}`);
    process.exit(2);
  }
  if (values.help === true) {
    process.stdout.write(text);
    process.exit(0);
  }
  return values;
}

/** A bad option value: one line and exit 2, as for an unknown option. */
export function usageError(command: string, message: string): never {
  process.stderr.write(`${command}: ${message}\n`);
  process.exit(2);
}
