/** Runs a command to completion with a time limit; rejects with its output on failure. */
import { execFile } from "node:child_process";

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
}

export function exec(command: string, args: readonly string[], options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: options.cwd, timeout: options.timeoutMs, env: options.env ?? process.env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(" ")} failed (${error.message})\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}
