import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type ActionFunctionArgs, type AppLoadContext, type EntryContext, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "./components/nonce.tsx";
import { RequestInfoContext } from "./components/request-info.tsx";
import { errorMessage, log, requestScope } from "./platform/config/log.server.ts";
import { isDatabaseUnavailable } from "./platform/db/database-errors.server.ts";

const abortDelay = 5_000;

/** Bots get the whole document at once (onAllReady); people get it streamed (onShellReady). */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const scope = requestScope.getStore();
  const requestInfo = { requestId: scope?.requestId, databaseUnavailable: scope?.databaseUnavailable };
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RequestInfoContext.Provider value={requestInfo}>
          <RemixServer context={remixContext} url={request.url} abortDelay={abortDelay} nonce={nonce} />
        </RequestInfoContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) log.error("Rendering failed", { error: errorMessage(error), stack: error instanceof Error ? error.stack : undefined });
        },
      },
    );
    setTimeout(abort, abortDelay);
  });
}

/**
 * Every error Remix meets, in Remit's log (one JSON line, tokens redacted) instead of Remix's
 * multi-line dump. A database that is unavailable marks the request for a 503; a client's
 * mistake (no such page, wrong method) is not an error of ours.
 */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  const path = new URL(request.url).pathname;
  if (isDatabaseUnavailable(error)) {
    const scope = requestScope.getStore();
    if (scope) scope.databaseUnavailable = true;
    log.warn("Request failed: the database is unavailable", { error: errorMessage(error), method: request.method, path });
    return;
  }
  if (isRouteErrorResponse(error) && error.status < 500) {
    log.debug("Request refused", { status: error.status, method: request.method, path });
    return;
  }
  log.error("Request failed", { error: errorMessage(error), stack: error instanceof Error ? error.stack : undefined, method: request.method, path });
}
