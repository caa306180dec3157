import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { stripeOnboarding } from "#app/web/stripe-onboarding.server.ts";

export const meta: MetaFunction = () => [{ title: "Remit — your Stripe account" }, { name: "robots", content: "noindex, nofollow" }];

export const headers = () => ({ "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" });

/**
 * Remit's link into a workspace's Stripe onboarding (docs/payments.md): a fresh Account Link
 * each time it is opened, then the account's state when Stripe sends the vendor back.
 */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const returned = new URL(request.url).searchParams.has("returned");
  const step = await stripeOnboarding(context.app, params.token ?? "", returned);
  if (step.kind === "redirect") throw redirect(step.url, { headers: { "Cache-Control": "no-store" } });
  return step;
}

export default function StripeConnect() {
  const step = useLoaderData<typeof loader>();
  return (
    <main className="page narrow">
      {step.kind === "done" ? (
        <>
          <h1>{step.workspaceName}: Stripe</h1>
          <p>{step.description}</p>
          <p>You can close this page; Slack and the CLI show the same.</p>
        </>
      ) : (
        <>
          <h1>This link no longer works</h1>
          <p>{step.description}</p>
        </>
      )}
    </main>
  );
}
