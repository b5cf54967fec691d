#!/usr/bin/env node
// Launcher for the built CLI (`npm run build` produces dist/).
import { run } from "../dist/cli/main.js";

process.exitCode = await run(process.argv);
