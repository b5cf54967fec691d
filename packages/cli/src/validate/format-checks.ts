/**
 * The manifest's `format`s the manifest schema only annotates (its validator runs
 * with formats off, so each gets words here): URLs in the auth section and the
 * `lastModified` dates of annotations. Regression (found by the manifest corpus):
 * `"jwksUri": "not a url"` or `"lastModified": "yesterday"` generated without a
 * word, and the server failed, or sent the bad value, at run time.
 */
import type { ManifestModel } from "../model/types.js";

type Report = (pointer: string, message: string) => void;

export function isAbsoluteUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(value) && URL.canParse(value);
}

/** RFC 3339 date-time, as MCP's `lastModified` is. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function checkUrl(value: string | undefined, pointer: string, report: Report): void {
  if (value !== undefined && !isAbsoluteUri(value)) report(pointer, `${JSON.stringify(value)} is not an absolute URL such as https://auth.example.com`);
}

function checkAuthUrls(model: ManifestModel, report: Report): void {
  model.auth?.schemes.forEach((scheme, index) => {
    const at = `/auth/schemes/${index}`;
    if (scheme.type === "jwt") checkUrl(scheme.jwksUri, `${at}/jwksUri`, report);
    if (scheme.type !== "oauth2") return;
    checkUrl(scheme.resource, `${at}/resource`, report);
    scheme.authorizationServers.forEach((server, item) => checkUrl(server, `${at}/authorizationServers/${item}`, report));
  });
  const server = model.auth?.authorizationServer;
  if (server === undefined) return;
  const at = "/auth/authorizationServer";
  checkUrl(server.issuer, `${at}/issuer`, report);
  if (server.login.provider !== "test") checkUrl(server.login.issuer, `${at}/login/issuer`, report);
  server.clients?.forEach((client, index) => client.redirectUris?.forEach((uri, item) => checkUrl(uri, `${at}/clients/${index}/redirectUris/${item}`, report)));
}

export function checkFormats(model: ManifestModel, report: Report): void {
  for (const entry of [...model.resources, ...model.resourceTemplates]) {
    const date = entry.annotations?.lastModified;
    if (date !== undefined && !(DATE_TIME.test(date) && !Number.isNaN(Date.parse(date)))) {
      report(`${entry.pointer}/annotations/lastModified`, `${JSON.stringify(date)} is not a date-time such as "2026-01-31T12:00:00Z"`);
    }
  }
  checkAuthUrls(model, report);
}
