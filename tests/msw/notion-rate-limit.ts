/**
 * Notion's rate limit as a strict gate in front of the fake: at most `perSecond` requests per
 * integration token in any one-second window; beyond that `429 rate_limited` with `Retry-After`
 * (whole seconds), as Notion answers. Refused requests do not count against the window.
 */
export function notionRateLimit(perSecond: number, now: () => number = Date.now) {
  const accepted = new Map<string, number[]>();
  let refused = 0;
  return {
    get refused() {
      return refused;
    },
    gate(request: Request): Response | undefined {
      const token = request.headers.get("authorization") ?? "";
      const at = now();
      const recent = (accepted.get(token) ?? []).filter((time) => at - time < 1000);
      if (recent.length < perSecond) {
        recent.push(at);
        accepted.set(token, recent);
        return undefined;
      }
      refused++;
      const waitSeconds = Math.max(1, Math.ceil((recent[0]! + 1000 - at) / 1000));
      return Response.json(
        {
          object: "error",
          status: 429,
          code: "rate_limited",
          message: "You have been rate limited. Please try again in a few minutes.",
          request_id: crypto.randomUUID(),
        },
        { status: 429, headers: { "Retry-After": String(waitSeconds) } },
      );
    },
  };
}
