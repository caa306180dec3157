import { useContext, type ReactNode } from "react";
import type { MetaFunction } from "@remix-run/react";
import type { i18n as I18n } from "i18next";
import { getI18n, I18nContext, useTranslation } from "react-i18next";
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

/**
 * A badge's words depend only on the language, the status and the days late, and a page has one
 * per invoice: they are worked out once per language instead of per badge (a translation hook
 * per badge was a sixth of a fresh portal home's CPU; docs/benchmarks.md).
 */
const badgeWords = new WeakMap<I18n, Map<string, string>>();

function badgeLabel(i18n: I18n, status: string, daysOverdue: number): string {
  let words = badgeWords.get(i18n);
  if (!words) badgeWords.set(i18n, (words = new Map()));
  const key = daysOverdue > 0 ? `overdue:${daysOverdue}` : status;
  let label = words.get(key);
  if (label === undefined) {
    const known = status === "draft" || status === "open" || status === "paid" || status === "void" || status === "uncollectible";
    label = daysOverdue > 0 ? i18n.t("overdue", { count: daysOverdue }) : known ? i18n.t(`status.${status}`) : status;
    words.set(key, label);
  }
  return label;
}

export function StatusBadge({ status, daysOverdue }: { status: string; daysOverdue: number }) {
  const i18n = useContext(I18nContext)?.i18n ?? getI18n();
  const label = badgeLabel(i18n, status, daysOverdue);
  return <span className={`badge badge-${daysOverdue > 0 ? "overdue" : status}`}>{label}</span>;
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

/** The `meta` of a portal page: the title its loader gives, and never in a search engine. */
export const portalMeta: MetaFunction = ({ data }) => [
  { title: (data as { title?: string } | undefined)?.title },
  { name: "robots", content: "noindex, nofollow" },
];
