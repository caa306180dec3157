import { z } from "zod";
import { ValidationError } from "./errors.ts";
import { isKnownCurrency } from "./money.ts";

/** Parses with a zod schema; failures become one ValidationError naming each field. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "input";
    issues[field] ??= issue.message;
  }
  throw new ValidationError(issues);
}

export const currencyCode = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine(isKnownCurrency, { error: (issue) => `${String(issue.input)} is not an ISO 4217 currency code (e.g. USD, EUR, JPY)` });

/** Text trimmed of outer white space, at most `max` characters, with messages naming `label`. */
function trimmedText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be at most ${max} characters`);
}

export function text(label: string, max: number) {
  return trimmedText(label, max).min(1, `${label} is required`);
}

export function optionalText(label: string, max: number) {
  return trimmedText(label, max)
    .nullish()
    .transform((value) => value || null);
}

/** A setting that may be left as it is (absent), cleared (null or blank) or set. */
export function clearableText(label: string, max: number) {
  return trimmedText(label, max)
    .nullable()
    .optional()
    .transform((value) => (value === undefined ? undefined : value || null));
}
