/**
 * The import benchmark's input: an OpenAPI 3.0 description of any number of
 * operations, ten per resource, with shared component schemas by `$ref` (one of them
 * recursive), path-level and query parameters, bodies and error answers.
 */

export const OPERATIONS_PER_RESOURCE = 10;

/** A description with `operations` operations (rounded up to whole resources of ten). */
export function syntheticDescription(operations: number): Record<string, unknown> {
  const resources = Math.ceil(operations / OPERATIONS_PER_RESOURCE);
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {
    Error: { type: "object", required: ["message"], properties: { message: { type: "string" }, code: { type: "integer", format: "int32" } } },
    Node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } } },
  };
  const ok = (schema: unknown) => ({
    "200": { description: "ok", content: { "application/json": { schema } } },
    default: { description: "error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
  });
  for (let index = 0; index < resources; index++) {
    const name = `Resource${index}`;
    const ref = { $ref: `#/components/schemas/${name}` };
    schemas[name] = {
      type: "object",
      required: ["id", "name"],
      properties: {
        id: { type: "string", readOnly: true },
        name: { type: "string", minLength: 1, maxLength: 100 },
        status: { type: "string", enum: ["active", "archived"], nullable: true },
        tags: { type: "array", items: { type: "string" } },
        tree: { $ref: "#/components/schemas/Node" },
        createdAt: { type: "string", format: "date-time" },
      },
    };
    const id = { name: "id", in: "path", required: true, schema: { type: "string" } };
    const page = [
      { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } },
      { name: "cursor", in: "query", schema: { type: "string" } },
    ];
    const tags = [`group${index % 20}`];
    const body = { required: true, content: { "application/json": { schema: ref } } };
    const list = { type: "object", properties: { items: { type: "array", items: ref }, next: { type: "string" } } };
    paths[`/r${index}`] = {
      get: { operationId: `list${name}`, tags, summary: `List ${name}`, parameters: page, responses: ok(list) },
      post: { operationId: `create${name}`, tags, summary: `Create a ${name}`, requestBody: body, responses: ok(ref) },
    };
    paths[`/r${index}/{id}`] = {
      parameters: [id],
      get: { operationId: `get${name}`, tags, summary: `Get a ${name}`, responses: ok(ref) },
      put: { operationId: `replace${name}`, tags, requestBody: body, responses: ok(ref) },
      patch: { operationId: `update${name}`, tags, requestBody: body, responses: ok(ref) },
      delete: { operationId: `delete${name}`, tags, responses: { "204": { description: "gone" } } },
    };
    paths[`/r${index}/{id}/children`] = {
      parameters: [id],
      get: { operationId: `list${name}Children`, tags, parameters: [...page, { name: "id", in: "query", schema: { type: "string" } }], responses: ok(list) },
      post: { operationId: `add${name}Child`, tags, requestBody: body, responses: ok(ref) },
    };
    paths[`/r${index}/{id}/tree`] = {
      parameters: [id],
      get: { tags, responses: ok({ $ref: "#/components/schemas/Node" }) },
      put: {
        tags,
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } },
        responses: ok({ $ref: "#/components/schemas/Node" }),
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: "Synthetic API", version: "1.0.0" },
    servers: [{ url: "https://api.example/v1" }],
    components: { schemas, securitySchemes: { token: { type: "http", scheme: "bearer" } } },
    security: [{ token: [] }],
    paths,
  };
}
