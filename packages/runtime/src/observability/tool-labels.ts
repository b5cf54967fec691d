/**
 * Tool names become label values, and every label value is a time series kept for
 * the life of the process. `tools/call` names come from clients, so they are
 * bounded: the server's own tool names when it lists them, else the first `max`
 * names seen; everything else is `other`.
 */
export function toolLabeller(known: Iterable<string> | undefined, max: number): (name: string | undefined) => string {
  if (known !== undefined) {
    const names = new Set(known);
    return (name) => (name !== undefined && names.has(name) ? name : "other");
  }
  const seen = new Set<string>();
  return (name) => {
    if (name === undefined) return "other";
    if (seen.has(name)) return name;
    if (seen.size >= max) return "other";
    seen.add(name);
    return name;
  };
}

/**
 * Tenant ids become label values of `tenant_requests_total`. Tenants come and go at run
 * time (a tenant directory), so the known ones (the manifest's policies) are always
 * labelled and the first `max` others seen too; the rest count as `other`.
 */
export function tenantLabeller(known: Iterable<string>, max: number): (tenant: string) => string {
  const labelled = new Set(known);
  let others = 0;
  return (tenant) => {
    if (labelled.has(tenant)) return tenant;
    if (others >= max) return "other";
    others++;
    labelled.add(tenant);
    return tenant;
  };
}
