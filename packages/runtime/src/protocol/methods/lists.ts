/**
 * The list methods (`tools/list`, `resources/list`, `resources/templates/list`,
 * `prompts/list`): every item on one page, serialised once (list-cache.ts). The
 * server issues no cursors, so any cursor a client sends is one it never got:
 * -32602, as server/utilities/pagination asks for an invalid cursor.
 */
import { McpError } from "../errors.js";
import type { ListKind } from "../list-cache.js";
import type { MethodDefinition } from "../method.js";

export function listMethod(kind: ListKind): MethodDefinition["handle"] {
  return async (call) => {
    if (call.params.cursor !== undefined)
      throw new McpError("invalid_params", "Invalid cursor: this server lists everything on one page and issues no cursors");
    return call.lists.get(kind, call.connection.protocolVersion, call.caller);
  };
}
