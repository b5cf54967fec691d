#!/usr/bin/env node
// Launcher for the built CLI (`npm run build` produces dist/).
import { exitQuietlyWhenStdoutCloses } from "../dist/cli/closed-stdout.js";
import { run } from "../dist/cli/main.js";

exitQuietlyWhenStdoutCloses();
process.exitCode = await run(process.argv);
