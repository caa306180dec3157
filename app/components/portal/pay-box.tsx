import { Form, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

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
  partial: { minimum: string; balanceMajor: string } | null;
  /** Where the client came back from Stripe, if they did. */
  checkout: "waiting" | "processing" | "confirmed" | "failed" | "cancelled" | "unknown" | null;
  receipt: { href: string; number: string } | null;
  error: string | null;
}

/** Polls while a returned payment waits for Stripe's confirmation (the redirect alone proves nothing). */
function useRefreshWhileWaiting(waiting: boolean) {
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
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";
  const message = props.checkout ? [t(`pay.checkout.${props.checkout}.title`), t(`pay.checkout.${props.checkout}.body`)] : null;
  return (
    <section className="pay-box" aria-labelledby="pay-heading">
      <h2 id="pay-heading">{props.status === "void" ? t("pay.nothingToPay") : props.paidOn ? t("pay.paid") : t("pay.balanceDue")}</h2>
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
        </div>
      ) : null}
      {props.status === "void" ? (
        <p>{t("pay.void")}</p>
      ) : props.paidOn ? (
        <p>{t("pay.paidInFull", { date: props.paidOn })}</p>
      ) : (
        <>
          <p className="balance-amount">{props.balance}</p>
          <p>{props.daysOverdue ? t("pay.dueLate", { date: props.due, count: props.daysOverdue }) : t("pay.due", { date: props.due })}</p>
          {props.canPay ? (
            <Form method="post" className="stack pay-form">
              {props.partial ? (
                <>
                  <label htmlFor="amount">{t("pay.amountLabel", { minimum: props.partial.minimum })}</label>
                  <input id="amount" name="amount" inputMode="decimal" defaultValue={props.partial.balanceMajor} aria-describedby={props.error ? "pay-error" : undefined} />
                </>
              ) : null}
              {props.error ? (
                <p id="pay-error" className="error" role="alert">
                  {props.error}
                </p>
              ) : null}
              <button type="submit" disabled={submitting}>
                {submitting ? t("pay.opening") : props.partial ? t("pay.pay") : t("pay.payAmount", { amount: props.balance })}
              </button>
              <p className="muted">{t("pay.cardNote", { vendor: props.vendorName })}</p>
            </Form>
          ) : props.notice ? (
            <p className="muted">{props.notice}</p>
          ) : null}
        </>
      )}
    </section>
  );
}
