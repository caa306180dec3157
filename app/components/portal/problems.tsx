import { Form, isRouteErrorResponse, useParams, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isLanguage } from "#app/i18n/languages.ts";
import { LanguageProvider } from "#app/i18n/react.tsx";
import type { LinkProblem } from "#app/web/guard.server.ts";

export function Plain({ title, children, back }: { title: string; children: ReactNode; back?: boolean }) {
  const { t, i18n } = useTranslation("portal");
  const { token } = useParams();
  return (
    <main id="main" className="page narrow problem" lang={i18n.language}>
      <title>{title}</title>
      <h1>{title}</h1>
      {children}
      {back && token ? (
        <p>
          <a href={`/p/${token}`}>{t("errors.backToInvoices")}</a>
        </p>
      ) : null}
    </main>
  );
}

function LinkProblemPage({ problem }: { problem: LinkProblem }) {
  const { t } = useTranslation("portal");
  const { token } = useParams();
  const title = problem.reason === "expired" ? t("link.expiredTitle") : t("link.invalidTitle");
  return (
    <Plain title={title}>
      <p>{t(`link.${problem.reason}`)}</p>
      <p>{problem.vendorName ? t("link.askVendor", { vendor: problem.vendorName }) : t("link.askSender")}</p>
      {problem.selfService ? (
        <Form method="post" action={`/p/${token}/new-link`} className="stack">
          <label htmlFor="email">{t("link.confirmEmail")}</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
          <button type="submit">{t("link.request")}</button>
        </Form>
      ) : null}
    </Plain>
  );
}

function Problem({ error }: { error: unknown }) {
  const { t } = useTranslation("portal");
  if (isRouteErrorResponse(error)) {
    const body: unknown = error.data;
    if (typeof body === "object" && body !== null && "kind" in body && body.kind === "link") {
      return <LinkProblemPage problem={body as LinkProblem} />;
    }
    if (error.status === 404) {
      return (
        <Plain title={t("errors.invoiceNotFoundTitle")} back>
          <p>{t("errors.invoiceNotFound")}</p>
        </Plain>
      );
    }
    if (error.status === 429) {
      return (
        <Plain title={t("errors.tooManyTitle")}>
          <p>{t("errors.tooMany")}</p>
        </Plain>
      );
    }
  }
  return (
    <Plain title={t("errors.failedTitle")} back>
      <p>{t("errors.failed")}</p>
    </Plain>
  );
}

/** The language a thrown portal answer names (the client's), if it names one. */
function errorLanguage(error: unknown) {
  if (!isRouteErrorResponse(error)) return null;
  const body: unknown = error.data;
  const language = typeof body === "object" && body !== null && "language" in body ? body.language : null;
  return isLanguage(language) ? language : null;
}

/** Error pages of the portal, in plain words and the client's language; never a stack trace. */
export function PortalErrorBoundary() {
  const error = useRouteError();
  const language = errorLanguage(error);
  return language ? (
    <LanguageProvider language={language}>
      <Problem error={error} />
    </LanguageProvider>
  ) : (
    <Problem error={error} />
  );
}
