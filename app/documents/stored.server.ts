import type { Db } from "#app/platform/db/database.server.ts";

/** How long a rendered document is kept after it was rendered; asked for later, it is rendered again. */
export const storedDocumentDays = 30;

/**
 * The document with this ETag: from storage when any instance rendered it before, else
 * rendered now and stored. The ETag names the document's whole input and Remit's version
 * (`documentEtag`), so a stored document is never out of date (decision 116).
 */
export async function storedPdf(db: Db, etag: string, render: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const stored = await db.storedDocument.findUnique({ where: { etag }, select: { bytes: true } });
  if (stored) return stored.bytes;
  const bytes = await render();
  // Two instances rendering the same document at once store the same bytes: the second is skipped.
  await db.storedDocument.createMany({ data: [{ etag, bytes: bytes as Uint8Array<ArrayBuffer> }], skipDuplicates: true });
  return bytes;
}

/** Forgets documents rendered before `before`, in batches; returns how many. */
export async function trimStoredDocuments(db: Db, before: Date, batch = 500): Promise<number> {
  let trimmed = 0;
  for (;;) {
    const old = await db.storedDocument.findMany({ where: { createdAt: { lt: before } }, select: { etag: true }, take: batch });
    if (!old.length) return trimmed;
    const { count } = await db.storedDocument.deleteMany({ where: { etag: { in: old.map((row) => row.etag) } } });
    trimmed += count;
  }
}
