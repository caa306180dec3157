import type { LinksFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "./components/nonce.tsx";
import { useRequestInfo } from "./components/request-info.tsx";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/**
 * Human words for every failure; never a stack trace. A page rendered by the server names its
 * request id, which the log lines of that request carry too (the browser, which does not know
 * it, keeps the server's text).
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const { requestId, databaseUnavailable } = useRequestInfo();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, message] =
    status === 404
      ? ["Page not found", "There is nothing at this address. Check the link you were sent."]
      : status === 403
        ? ["Not allowed", "This link does not give access to this page."]
        : databaseUnavailable
          ? ["Temporarily unavailable", "This page cannot be shown right now. Please try again in a minute."]
          : ["Something went wrong", "We could not show this page. Please try again in a moment."];
  return (
    <main className="page narrow">
      <title suppressHydrationWarning>{title}</title>
      <h1 suppressHydrationWarning>{title}</h1>
      <p suppressHydrationWarning>{message}</p>
      <p className="muted" suppressHydrationWarning>
        {requestId ? `Reference: ${requestId}` : null}
      </p>
    </main>
  );
}
