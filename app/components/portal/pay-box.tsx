import { Form, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { formatMoney, parseAmount } from "#app/domain/money.ts";

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
  /** The server wants the client to confirm this amount (minor units) before going to Stripe. */
  confirm: { amount: number; typed: string } | null;
  /** Where the client came back from Stripe, if they did. */
  checkout: "waiting" | "processing" | "confirmed" | "failed" | "cancelled" | "unknown" | null;
  receipt: { href: string; number: string } | null;
  /** Money received beyond what the invoice asked for, formatted. */
  overpaid: string | null;
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

const words = {
  pay: (amount: string) => `Pay ${amount}`,
  payTyped: "Pay",
  opening: "Opening secure payment…",
  amountLabel: (minimum: string) => `Amount to pay (from ${minimum} up to the balance)`,
  confirm: (amount: string) => `Please check the amount: you are about to pay ${amount}.`,
  overpaid: (amount: string, vendor: string) => `${amount} more than this invoice asked for reached ${vendor}; they will refund it or keep it as your credit.`,
};

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
  const { currency, locale, balance } = props.amount;
  const [typed, setTyped] = useState(props.confirm?.typed ?? props.partial?.balanceInput ?? "");
  useEffect(() => {
    if (props.confirm) setTyped(props.confirm.typed);
  }, [props.confirm]);
  // The same reading the server makes, so the button shows what Stripe will be asked to charge.
  const reading = props.partial ? parseAmount(typed, currency, locale) : { ok: true as const, amount: balance };
  const submitting = navigation.state !== "idle" && navigation.formMethod === "POST";
  const message = props.checkout ? checkoutMessages[props.checkout] : null;
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const problem = props.error ?? (props.partial && typed.trim() && !reading.ok ? reading.error : null);
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
      {props.overpaid ? <p className="notice overpaid">{words.overpaid(props.overpaid, props.vendorName)}</p> : null}
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
                  <label htmlFor="amount">{words.amountLabel(props.partial.minimum)}</label>
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
                  {words.confirm(money(props.confirm.amount))}
                </p>
              ) : null}
              {problem ? (
                <p id="pay-error" className="error" role="alert">
                  {problem}
                </p>
              ) : null}
              <button type="submit" disabled={submitting}>
                {submitting ? words.opening : reading.ok ? words.pay(money(reading.amount)) : words.payTyped}
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
