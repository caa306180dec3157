import type { ReactNode } from "react";
import { useNonce } from "#app/components/nonce.tsx";
import { textColorOn } from "#app/components/format.ts";

export interface Branding {
  name: string;
  brandColor: string;
  logoDataUrl: string | null;
}

/** The vendor-branded frame of every portal page. */
export function PortalShell({ vendor, children, footer }: { vendor: Branding; children: ReactNode; footer?: ReactNode }) {
  const nonce = useNonce();
  const brand = /^#[0-9a-fA-F]{6}$/.test(vendor.brandColor) ? vendor.brandColor : "#4f46e5";
  return (
    <>
      {/* Browsers hide nonce values from scripts, so the client renders none: not a mismatch. */}
      <style nonce={nonce} suppressHydrationWarning>{`:root{--brand:${brand};--on-brand:${textColorOn(brand)}}`}</style>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="portal-header">
        <div className="portal-header-inner">
          {vendor.logoDataUrl ? <img className="logo" src={vendor.logoDataUrl} alt="" /> : null}
          <span className="vendor-name">{vendor.name}</span>
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
  if (daysOverdue > 0) {
    return <span className="badge badge-overdue">Overdue · {daysOverdue} {daysOverdue === 1 ? "day" : "days"}</span>;
  }
  const label = { open: "Open", paid: "Paid", void: "Void", uncollectible: "Open", draft: "Draft" }[status] ?? status;
  return <span className={`badge badge-${status}`}>{label}</span>;
}

export function Pager({ label, page, pages, param }: { label: string; page: number; pages: number; param: string }) {
  if (pages <= 1) return null;
  const href = (n: number) => `?${param}=${n}#${param}`;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      {page > 1 ? <a href={href(page - 1)}>← Newer</a> : <span />}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <a href={href(page + 1)}>Older →</a> : <span />}
    </nav>
  );
}
