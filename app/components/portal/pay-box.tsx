import { Form, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

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

const checkoutMessages = {
  waiting: ["Payment received — processing", "Stripe has your payment; this page updates as soon as it is confirmed."],
  processing: ["Payment processing", "Your bank payment is on its way. This can take a few business days; you will not be charged twice."],
  confirmed: ["Payment received — thank you!", "Your payment is confirmed."],
  failed: ["The payment did not go through", "Nothing was charged. You can try again, or pay another way."],
  cancelled: ["Payment cancelled", "Nothing was charged. You can pay whenever you are ready."],
  unknown: ["We could not find that payment", "If you paid, it will show here once Stripe confirms it."],
} as const;

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
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";
  const message = props.checkout ? checkoutMessages[props.checkout] : null;
  return (
    <section className="pay-box" aria-labelledby="pay-heading">
      <h2 id="pay-heading">{props.status === "void" ? "Nothing to pay" : props.paidOn ? "Paid" : "Balance due"}</h2>
      {message ? (
        <div role="status" className={`notice notice-${props.checkout}`}>
          <strong>{message[0]}</strong> {message[1]}
          {props.checkout === "confirmed" && props.receipt ? (
            <>
              {" "}
              <a href={props.receipt.href} download>
                Download receipt {props.receipt.number}
              </a>
            </>
          ) : null}
        </div>
      ) : null}
      {props.status === "void" ? (
        <p>This invoice was cancelled; nothing is owed on it.</p>
      ) : props.paidOn ? (
        <p>Paid in full on {props.paidOn}. Thank you!</p>
      ) : (
        <>
          <p className="balance-amount">{props.balance}</p>
          <p>
            Due {props.due}
            {props.daysOverdue ? ` — ${props.daysOverdue} ${props.daysOverdue === 1 ? "day" : "days"} late` : ""}.
          </p>
          {props.canPay ? (
            <Form method="post" className="stack pay-form">
              {props.partial ? (
                <>
                  <label htmlFor="amount">Amount to pay (from {props.partial.minimum} up to the balance)</label>
                  <input id="amount" name="amount" inputMode="decimal" defaultValue={props.partial.balanceMajor} aria-describedby={props.error ? "pay-error" : undefined} />
                </>
              ) : null}
              {props.error ? (
                <p id="pay-error" className="error" role="alert">
                  {props.error}
                </p>
              ) : null}
              <button type="submit" disabled={submitting}>
                {submitting ? "Opening secure payment…" : props.partial ? "Pay" : `Pay ${props.balance}`}
              </button>
              <p className="muted">Card payment through Stripe. {props.vendorName} never sees your card details.</p>
            </Form>
          ) : props.notice ? (
            <p className="muted">{props.notice}</p>
          ) : null}
        </>
      )}
    </section>
  );
}
