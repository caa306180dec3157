import { Form, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoney, parseAmount } from "#app/billing/money.ts";
import { HeadedSection } from "#app/components/portal/headed-section.tsx";

export interface PayBoxProps {
  vendorName: string;
  /** The balance due, formatted. */
  balance: string;
  due: string;
  daysOverdue: number;
  status: string;
  paidOn: string | null;
  canPay: boolean;
  /** Plain words when paying online is not possible now (not set up, a bank payment in progress). */
  notice: string | null;
  /** The amount to pay: the balance, or what the client types when partial payments are on. */
  amount: { balance: number; currency: string; locale: string };
  partial: { minimum: string; balanceInput: string } | null;
  /** On a split invoice: which part Pay is for, in words. */
  next?: string | null;
  /** On a split invoice: a second button paying the whole balance instead of the next part. */
  payAll?: { amount: number; label: string } | null;
  /** The server wants the client to confirm this amount (minor units) before going to Stripe. */
  confirm: { amount: number; typed: string } | null;
  /** Where the client came back from Stripe, if they did. */
  checkout: "waiting" | "delayed" | "processing" | "confirmed" | "failed" | "cancelled" | "unknown" | null;
  /** On the return page: wait again for the confirmation; the client's other invoices (null for a link to one invoice). */
  links: { checkAgain: string | null; allInvoices: string | null };
  /** When the vendor voided the invoice, formatted; null unless void. */
  voidedOn: string | null;
  /** The credit note that cancelled this invoice, to download. */
  creditNote?: { href: string; number: string } | null;
  receipt: { href: string; number: string } | null;
  /** Money received beyond what the invoice asked for, formatted. */
  overpaid: string | null;
  error: string | null;
}

/** Polls while a returned payment waits for Stripe's confirmation (the redirect alone proves nothing). */
export function useRefreshWhileWaiting(waiting: boolean) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!waiting || state !== "idle") return;
    const timer = setTimeout(revalidate, 2000);
    return () => clearTimeout(timer);
  }, [waiting, revalidate, state]);
}

export function PayBox(props: PayBoxProps) {
  const navigation = useNavigation();
  useRefreshWhileWaiting(props.checkout === "waiting");
  const { t } = useTranslation("portal");
  const { currency, locale, balance } = props.amount;
  const [typed, setTyped] = useState(props.confirm?.typed ?? props.partial?.balanceInput ?? "");
  useEffect(() => {
    if (props.confirm) setTyped(props.confirm.typed);
  }, [props.confirm]);
  // The same reading the server makes, so the button shows what Stripe will be asked to charge.
  const reading = props.partial ? parseAmount(typed, currency, locale) : { ok: true as const, amount: balance };
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";
  const message = props.checkout ? [t(`pay.checkout.${props.checkout}.title`), t(`pay.checkout.${props.checkout}.body`)] : null;
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const problem = props.error ?? (props.partial && typed.trim() && !reading.ok ? reading.error : null);
  // Money is on its way or arrived: no Pay button beside it, whatever the balance says yet.
  const paying = props.checkout === "waiting" || props.checkout === "delayed" || props.checkout === "processing" || props.checkout === "confirmed";
  return (
    <HeadedSection
      name="pay"
      className="pay-box"
      heading={props.status === "void" ? t("pay.nothingToPay") : props.paidOn ? t("pay.paid") : t("pay.balanceDue")}
    >
      {message ? (
        <div role="status" className={`notice notice-${props.checkout}`}>
          <strong>{message[0]}</strong> {message[1]}
          {props.checkout === "confirmed" && props.receipt ? (
            <>
              {" "}
              <a href={props.receipt.href} download>
                {t("pay.downloadReceipt", { number: props.receipt.number })}
              </a>
            </>
          ) : null}
          {props.checkout === "delayed" && props.links.checkAgain ? (
            <>
              {" "}
              <a href={props.links.checkAgain}>{t("pay.checkAgain")}</a>
            </>
          ) : null}
          {props.links.allInvoices ? (
            <>
              {" "}
              <a href={props.links.allInvoices}>{t("pay.seeAllInvoices")}</a>
            </>
          ) : null}
        </div>
      ) : null}
      {props.overpaid ? <p className="notice overpaid">{t("pay.overpaid", { amount: props.overpaid, vendor: props.vendorName })}</p> : null}
      {props.status === "void" ? (
        <>
          <p>{props.voidedOn ? t("pay.voidedOn", { vendor: props.vendorName, date: props.voidedOn }) : t("pay.void")}</p>
          {props.creditNote ? (
            <p>
              <a href={props.creditNote.href} download>
                {t("pay.creditNote", { number: props.creditNote.number })}
              </a>
            </p>
          ) : null}
        </>
      ) : props.paidOn ? (
        <p>{t("pay.paidInFull", { date: props.paidOn })}</p>
      ) : (
        <>
          <p className="balance-amount">{props.balance}</p>
          {props.next ? (
            <p className="next-instalment">{props.next}</p>
          ) : (
            <p>{props.daysOverdue ? t("pay.dueLate", { date: props.due, count: props.daysOverdue }) : t("pay.due", { date: props.due })}</p>
          )}
          {paying ? null : props.canPay ? (
            <Form method="post" className="stack pay-form">
              {props.partial ? (
                <>
                  <label htmlFor="amount">{t("pay.amountLabel", { minimum: props.partial.minimum })}</label>
                  <input
                    id="amount"
                    name="amount"
                    inputMode="decimal"
                    value={typed}
                    onChange={(event) => setTyped(event.target.value)}
                    aria-describedby={problem ? "pay-error" : undefined}
                  />
                </>
              ) : null}
              <input type="hidden" name="confirm" value={reading.ok ? String(reading.amount) : ""} />
              {props.confirm && reading.ok && reading.amount === props.confirm.amount ? (
                <p role="status" className="notice">
                  {t("pay.confirm", { amount: money(props.confirm.amount) })}
                </p>
              ) : null}
              {problem ? (
                <p id="pay-error" className="error" role="alert">
                  {problem}
                </p>
              ) : null}
              <button type="submit" disabled={submitting}>
                {submitting ? t("pay.opening") : reading.ok ? t("pay.payAmount", { amount: money(reading.amount) }) : t("pay.pay")}
              </button>
              <p className="muted">{t("pay.cardNote", { vendor: props.vendorName })}</p>
            </Form>
          ) : props.notice ? (
            <p className="muted">{props.notice}</p>
          ) : null}
          {!paying && props.canPay && props.payAll ? (
            <Form method="post" className="pay-all">
              <input type="hidden" name="whole" value="1" />
              <input type="hidden" name="confirm" value={String(props.payAll.amount)} />
              <button type="submit" className="secondary" disabled={submitting}>
                {props.payAll.label}
              </button>
            </Form>
          ) : null}
        </>
      )}
    </HeadedSection>
  );
}
