import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Remit — invoices your clients can pay" }];

export default function Index() {
  return (
    <main className="page narrow">
      <h1>Remit is running</h1>
      <p>
        Clients open the secure links you send them from Slack or with <code>npx remit link</code>. There is nothing to sign in to here.
      </p>
      <p>
        Health: <a href="/healthz">/healthz</a>
      </p>
    </main>
  );
}
