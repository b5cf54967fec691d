/**
 * The team-notes routes behind a gateway: besides the credentials' tenant (API key,
 * JWT claim), the tenant may be named by the Host's subdomain under `notes.test` or
 * by the `x-tenant-id` header, which a gateway in front sets. The credentials still
 * bind: a caller whose key or token names a tenant can never be served in another.
 */
import { defineRoutes, runMain } from "../../../packages/runtime/src/index.js";
import { routes } from "../../../examples/team-notes/src/generated/routes.gen.js";

const gateway = defineRoutes({
  server: routes.server,
  tools: [...routes.tools.values()],
  resources: [...routes.resources.values()],
  resourceTemplates: routes.resourceTemplates,
  prompts: [...routes.prompts.values()],
  ...(routes.auth === undefined ? {} : { auth: routes.auth }),
  tenancy: {
    sources: [
      { type: "apiKey", keySegment: { separator: "_", index: 1 } },
      { type: "claim", name: "tenant_id" },
      { type: "subdomain", baseDomain: "notes.test" },
      { type: "header", name: "x-tenant-id" },
    ],
    required: true,
    defaults: {},
    tenants: routes.tenancy?.tenants ?? {},
  },
});

await runMain(gateway);
