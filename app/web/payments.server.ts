import { DomainError, ValidationError } from "#app/billing/errors.ts";

/** What the client reads when Pay cannot go ahead; unexpected failures are not theirs to read. */
export function payErrorMessage(error: unknown): string {
  if (error instanceof ValidationError) return Object.values(error.issues)[0] ?? error.message;
  if (error instanceof DomainError) return error.message;
  throw error;
}
