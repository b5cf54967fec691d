/** The CLI from its sources, for tests that need it in a process of its own: `node --import tsx --conditions=turbomcp-source test/helpers/cli-entry.ts …`. */
import { exitQuietlyWhenStdoutCloses } from "../../packages/cli/src/cli/closed-stdout.js";
import { run } from "../../packages/cli/src/cli/main.js";

exitQuietlyWhenStdoutCloses();
process.exitCode = await run(process.argv);
