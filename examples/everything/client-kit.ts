/**
 * Helpers of the everything example's self-check scripts: assertions on results,
 * and an official SDK client that answers when the server asks it something
 * (elicitation, sampling, roots), with calls typed from the generated client.
 */
import assert from "node:assert/strict";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { CallToolResultSchema, CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { CallToolResult, GetPromptResult, Root } from "@modelcontextprotocol/sdk/types.js";
import { ToolResultError, type TypedClient } from "./src/generated/client.gen.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The single text block of a tool result. */
export function onlyText(result: CallToolResult): string {
  assert.equal(result.isError, undefined, `unexpected error result: ${JSON.stringify(result.content)}`);
  const [first, ...rest] = result.content;
  assert.equal(rest.length, 0, "expected one content block");
  assert.ok(first?.type === "text", "expected a text block");
  return first.text;
}

export function assertPng(base64: string): void {
  assert.deepEqual(Buffer.from(base64, "base64").subarray(0, 8), PNG_SIGNATURE, "not a PNG");
}

/** The result of a typed tool call that must come back with `isError: true` (thrown as ToolResultError). */
export async function errorResult(call: Promise<unknown>): Promise<CallToolResult> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof ToolResultError, `expected an isError result, got ${String(error)}`);
    assert.equal(error.result.isError, true);
    return error.result;
  }
  assert.fail("expected an isError result");
}

/** Runs `action` and returns the JSON-RPC error code it failed with. */
export async function errorCode(action: () => Promise<unknown>): Promise<number> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof McpError, `expected an McpError, got ${String(error)}`);
    return error.code;
  }
  assert.fail("expected the request to fail");
}

/** A form-mode elicitation/create request as the server sent it. */
export interface SeenElicitation {
  readonly message: string;
  readonly requestedSchema: Record<string, unknown>;
  readonly properties: Record<string, Record<string, unknown>>;
}

export type ElicitedContent = Record<string, string | number | boolean | string[]>;

type Tools = TypedClient["tools"];
type Prompts = TypedClient["prompts"];
/** A tool's input, as the generated typed client declares it. */
export type ToolInput<Name extends keyof Tools> = NonNullable<Parameters<Tools[Name]>[0]>;
/** A prompt's arguments, as the generated typed client declares them. */
export type PromptArguments<Name extends keyof Prompts> = NonNullable<Parameters<Prompts[Name]>[0]>;

export interface ClientKit {
  /**
   * Calls a tool and returns its result, isError or not, as a plain CallToolResult.
   * The name and input are typed from the generated client, so a manifest change the
   * checks disagree with is a type error here too.
   */
  readonly call: <Name extends keyof Tools>(name: Name, args?: ToolInput<Name>, options?: RequestOptions) => Promise<CallToolResult>;
  /** Gets a prompt, its name and arguments typed from the generated client. */
  readonly getPrompt: <Name extends keyof Prompts>(name: Name, args?: PromptArguments<Name>) => Promise<GetPromptResult>;
  /** Answers every elicitation/create with `content` (or what it returns for the message) from now on, recording the requests. */
  readonly answerElicitation: (content: ElicitedContent | ((message: string) => ElicitedContent)) => SeenElicitation[];
  /** Declines every elicitation/create from now on. */
  readonly declineElicitation: () => void;
  /** Answers every sampling/createMessage with `text` from now on, recording the requests. */
  readonly answerSampling: (text: string) => unknown[];
  /** Answers every roots/list with `roots` from now on, counting the requests. */
  readonly answerRoots: (roots: readonly Root[]) => { count: number };
}

export function clientKit(client: Client): ClientKit {
  return {
    call: async (name, args, options) =>
      CallToolResultSchema.parse(await client.callTool({ name, arguments: (args ?? {}) as Record<string, unknown> }, undefined, options)),
    getPrompt: (name, args) => client.getPrompt({ name, arguments: args as Record<string, string> | undefined }),
    answerElicitation: (content) => {
      const seen: SeenElicitation[] = [];
      client.setRequestHandler(ElicitRequestSchema, async (request) => {
        const { params } = request;
        if (!("requestedSchema" in params)) return { action: "decline" };
        seen.push({ message: params.message, requestedSchema: params.requestedSchema, properties: params.requestedSchema.properties });
        return { action: "accept", content: typeof content === "function" ? content(params.message) : content };
      });
      return seen;
    },
    declineElicitation: () => {
      client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "decline" }));
    },
    answerSampling: (text) => {
      const seen: unknown[] = [];
      client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
        seen.push(request.params);
        return { role: "assistant", content: { type: "text", text }, model: "test-model", stopReason: "endTurn" };
      });
      return seen;
    },
    answerRoots: (roots) => {
      const asked = { count: 0 };
      client.setRequestHandler(ListRootsRequestSchema, async () => {
        asked.count += 1;
        return { roots: [...roots] };
      });
      return asked;
    },
  };
}
