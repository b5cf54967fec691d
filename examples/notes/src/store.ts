/**
 * The notes server's storage: a process-wide in-memory map. Handlers import it; it
 * lives outside `handlers/` because those folders hold handler files only.
 *
 * Everything is lost when the server stops, which is what an example wants.
 */

export interface Note {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly createdAt: string;
}

export type NewNote = Pick<Note, "title" | "body" | "tags">;

const notes = new Map<number, Note>();
let lastId = 0;

/** Stores a note and gives it the next id (1, 2, …). */
export function addNote(input: NewNote): Note {
  lastId += 1;
  const note: Note = { id: lastId, title: input.title, body: input.body, tags: [...input.tags], createdAt: new Date().toISOString() };
  notes.set(note.id, note);
  return note;
}

export function getNote(id: number): Note | undefined {
  return notes.get(id);
}

/** All notes, oldest first. */
export function listNotes(): readonly Note[] {
  return [...notes.values()];
}

/** Notes whose title, body or tags contain `query`, ignoring case. */
export function searchNotes(query: string): readonly Note[] {
  const needle = query.toLowerCase();
  return listNotes().filter(
    (note) =>
      note.title.toLowerCase().includes(needle) || note.body.toLowerCase().includes(needle) || note.tags.some((tag) => tag.toLowerCase().includes(needle)),
  );
}

export function notesWithTag(tag: string): readonly Note[] {
  return listNotes().filter((note) => note.tags.includes(tag));
}

/** Ids as strings that start with `prefix`, for completion of `id` arguments. */
export function idsStartingWith(prefix: string): readonly string[] {
  return listNotes()
    .map((note) => String(note.id))
    .filter((id) => id.startsWith(prefix));
}

/** The URI of a note's resource (template `notes://{id}`). */
export function noteUri(id: number): string {
  return `notes://${id}`;
}

/** A note rendered as Markdown, as the `notes://{id}` resource and the prompts show it. */
export function noteMarkdown(note: Note): string {
  const tags = note.tags.length === 0 ? "" : `\n\nTags: ${note.tags.join(", ")}`;
  return `# ${note.title}\n\n${note.body}${tags}\n`;
}
