/**
 * The team-notes storage: one in-memory map for every tenant, each note stamped with
 * the tenant that wrote it. This is the shape a shared database table has, and the
 * way to keep tenants apart in it is the one the README recommends: every query
 * filters by the request's tenant (`ctx.requireTenant()`), and a record fetched by id
 * is checked with `ctx.validateTenantOwnership(note.tenant)` before anything is
 * returned, so a guessed id of another tenant's note is refused, never served.
 */
import type { RequestContext } from "@turbomcp/runtime";

export interface Note {
  readonly id: number;
  readonly tenant: string;
  readonly title: string;
  readonly body: string;
}

const notes = new Map<number, Note>();
let lastId = 0;

/** Stores a note for the request's tenant. */
export function addNote(ctx: RequestContext, title: string, body: string): Note {
  const note: Note = { id: ++lastId, tenant: ctx.requireTenant(), title, body };
  notes.set(note.id, note);
  return note;
}

/** The note with this id, if it is the request's tenant's; another tenant's note is refused (-32003). */
export function findNote(ctx: RequestContext, id: number): Note | undefined {
  const note = notes.get(id);
  if (note !== undefined) ctx.validateTenantOwnership(note.tenant);
  return note;
}

/** The request's tenant's notes, oldest first. */
export function tenantNotes(ctx: RequestContext): readonly Note[] {
  const tenant = ctx.requireTenant();
  return [...notes.values()].filter((note) => note.tenant === tenant);
}

/** Deletes the request's tenant's notes; returns how many. */
export function purgeTenant(ctx: RequestContext): number {
  const owned = tenantNotes(ctx);
  for (const note of owned) notes.delete(note.id);
  return owned.length;
}

export function noteUri(id: number): string {
  return `notes://${id}`;
}

export function noteMarkdown(note: Note): string {
  return `# ${note.title}\n\n${note.body}\n`;
}
