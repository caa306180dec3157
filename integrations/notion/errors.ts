import { APIErrorCode, APIResponseError, isHTTPResponseError, isNotionClientError } from "@notionhq/client";
import { LimiterBusyError } from "./rate-limiter.ts";

/**
 * What went wrong with a Notion request, in the terms the mirror acts on:
 * - `rate_limited`: Notion (429, or 529 service_overload) or our own limiter said to wait `retryAfterMs`;
 * - `unauthorized`: the token is not valid any more (revoked, integration deleted);
 * - `forbidden`: the integration may not do this (lost edit access, missing capability);
 * - `not_found`: the object does not exist or is not shared with the integration;
 * - `archived`: the page is in the trash and cannot be edited;
 * - `invalid`: Notion rejected the request body (a property missing or of another type);
 * - `unavailable`: 5xx, 409 conflicts, timeouts, network failures: worth retrying later, at the
 *   time Notion named when it sent Retry-After (`retryAfterMs`), else with backoff.
 */
export type NotionFailureKind = "rate_limited" | "unauthorized" | "forbidden" | "not_found" | "archived" | "invalid" | "unavailable";

export class NotionApiError extends Error {
  override name = "NotionApiError";
  constructor(
    readonly kind: NotionFailureKind,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

const defaultRetryAfterMs = 1000;

/** Retry-After in milliseconds (seconds or an HTTP date), or null when absent or unreadable. */
function retryAfterMs(headers: unknown, now: number): number | null {
  const value = headers instanceof Headers ? headers.get("retry-after") : null;
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Translates anything a Notion SDK call threw. Messages never include request bodies or tokens. */
export function toNotionApiError(error: unknown, now: number): NotionApiError {
  if (error instanceof NotionApiError) return error;
  if (error instanceof LimiterBusyError) return new NotionApiError("rate_limited", error.message, error.retryAfterMs);
  if (APIResponseError.isAPIResponseError(error)) {
    const detail = `Notion answered ${error.status} ${error.code}: ${error.message}`;
    const wait = retryAfterMs(error.headers, now);
    switch (error.code) {
      case APIErrorCode.RateLimited:
      case APIErrorCode.ServiceOverload:
        return new NotionApiError("rate_limited", detail, wait ?? defaultRetryAfterMs);
      case APIErrorCode.Unauthorized:
        return new NotionApiError("unauthorized", detail);
      case APIErrorCode.RestrictedResource:
        return new NotionApiError("forbidden", detail);
      case APIErrorCode.ObjectNotFound:
        return new NotionApiError("not_found", detail);
      case APIErrorCode.ValidationError:
        return new NotionApiError(/archived|in trash|trashed/i.test(error.message) ? "archived" : "invalid", detail);
      case APIErrorCode.InvalidJSON:
      case APIErrorCode.InvalidRequest:
      case APIErrorCode.InvalidRequestURL:
        return new NotionApiError("invalid", detail);
      default:
        return new NotionApiError("unavailable", detail, wait);
    }
  }
  // A 5xx without Notion's JSON (from a proxy or load balancer in front of it).
  if (isHTTPResponseError(error)) {
    return new NotionApiError(
      error.status === 529 ? "rate_limited" : "unavailable",
      `Notion answered ${error.status}`,
      retryAfterMs(error.headers, now) ?? (error.status === 529 ? defaultRetryAfterMs : null),
    );
  }
  if (isNotionClientError(error)) return new NotionApiError("unavailable", `Notion request failed: ${error.message}`);
  return new NotionApiError("unavailable", `Notion could not be reached: ${error instanceof Error ? error.message : String(error)}`);
}
