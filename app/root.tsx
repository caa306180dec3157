import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNonce } from "./components/nonce.tsx";
import { useRequestInfo } from "./components/request-info.tsx";
import { negotiateLanguage } from "./i18n/languages.ts";
import { LanguageProvider, usePageLocale } from "./i18n/react.tsx";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** Pages that know no client speak the browser's language; portal pages override it. */
export function loader({ request }: LoaderFunctionArgs) {
  const language = negotiateLanguage(request.headers.get("Accept-Language"));
  return { i18n: { language, locale: language, tag: language } };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const page = usePageLocale();
  return (
    <html lang={page.tag} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <Meta />
        <Links />
      </head>
      <body>
        <LanguageProvider language={page.language}>{children}</LanguageProvider>
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
  const { t } = useTranslation("portal");
  const { requestId, databaseUnavailable } = useRequestInfo();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, message] =
    status === 404
      ? [t("errors.notFoundTitle"), t("errors.notFound")]
      : status === 403
        ? [t("errors.forbiddenTitle"), t("errors.forbidden")]
        : databaseUnavailable
          ? [t("errors.unavailableTitle"), t("errors.unavailable")]
          : [t("errors.failedTitle"), t("errors.failed")];
  return (
    <main className="page narrow">
      <title suppressHydrationWarning>{title}</title>
      <h1 suppressHydrationWarning>{title}</h1>
      <p suppressHydrationWarning>{message}</p>
      <p className="muted" suppressHydrationWarning>
        {requestId ? t("errors.reference", { id: requestId }) : null}
      </p>
    </main>
  );
}
