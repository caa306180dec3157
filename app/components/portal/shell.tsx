import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNonce } from "#app/components/nonce.tsx";
import { textColorOn } from "#app/components/format.ts";
import { languageNames, languages } from "#app/i18n/languages.ts";

export interface Branding {
  name: string;
  brandColor: string;
  logoDataUrl: string | null;
}

/** Links to the same page in every shipped language, each named in itself. */
function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <nav className="language-switch" aria-label={t("language")}>
      <ul>
        {languages.map((language) => (
          <li key={language}>
            <a href={`?lang=${language}`} lang={language} hrefLang={language} aria-current={language === i18n.language ? "true" : undefined}>
              {languageNames[language]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The vendor-branded frame of every portal page. */
export function PortalShell({ vendor, children, footer }: { vendor: Branding; children: ReactNode; footer?: ReactNode }) {
  const nonce = useNonce();
  const { t } = useTranslation("portal");
  const brand = /^#[0-9a-fA-F]{6}$/.test(vendor.brandColor) ? vendor.brandColor : "#4f46e5";
  return (
    <>
      {/* Browsers hide nonce values from scripts, so the client renders none: not a mismatch. */}
      <style nonce={nonce} suppressHydrationWarning>{`:root{--brand:${brand};--on-brand:${textColorOn(brand)}}`}</style>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="portal-header">
        <div className="portal-header-inner">
          {vendor.logoDataUrl ? <img className="logo" src={vendor.logoDataUrl} alt="" /> : null}
          <span className="vendor-name">{vendor.name}</span>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="page">
        {children}
      </main>
      {footer ? <footer className="portal-footer page">{footer}</footer> : null}
    </>
  );
}

export function StatusBadge({ status, daysOverdue }: { status: string; daysOverdue: number }) {
  const { t } = useTranslation();
  if (daysOverdue > 0) {
    return <span className="badge badge-overdue">{t("overdue", { count: daysOverdue })}</span>;
  }
  const known = status === "draft" || status === "open" || status === "paid" || status === "void" || status === "uncollectible";
  return <span className={`badge badge-${status}`}>{known ? t(`status.${status}`) : status}</span>;
}

export function Pager({ label, page, pages, param }: { label: string; page: number; pages: number; param: string }) {
  const { t } = useTranslation("portal");
  if (pages <= 1) return null;
  const href = (n: number) => `?${param}=${n}#${param}`;
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? <a href={href(page - 1)}>{t("pager.newer")}</a> : <span />}
      <span>{t("pager.page", { page, pages })}</span>
      {page < pages ? <a href={href(page + 1)}>{t("pager.older")}</a> : <span />}
    </nav>
  );
}
