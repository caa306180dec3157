import { Form, isRouteErrorResponse, useParams, useRouteError } from "@remix-run/react";
import type { LinkProblem } from "#app/portal/guard.server.ts";

export function Plain({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main id="main" className="page narrow problem">
      <title>{title}</title>
      <h1>{title}</h1>
      {children}
    </main>
  );
}

function LinkProblemPage({ problem }: { problem: LinkProblem }) {
  const vendor = problem.vendorName ?? "the business that sent it";
  const { token } = useParams();
  const title = problem.reason === "expired" ? "This link has expired" : "This link is no longer valid";
  return (
    <Plain title={title}>
      <p>
        {problem.reason === "expired"
          ? "Invoice links stop working after a while to keep your invoices private."
          : problem.reason === "revoked"
            ? "The sender replaced this link with a newer one."
            : "The link may be incomplete or mistyped: check that you copied all of it."}
      </p>
      <p>To see and pay your invoices, ask {vendor} for a fresh link.</p>
      {problem.selfService ? (
        <Form method="post" action={`/p/${token}/new-link`} className="stack">
          <label htmlFor="email">Or confirm the email address your invoices are sent to:</label>
          <input id="email" name="email" type="email" autoComplete="email" required />
          <button type="submit">Request a new link</button>
        </Form>
      ) : null}
    </Plain>
  );
}

/** Error pages of the portal, in plain words; never a stack trace. */
export function PortalErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const body: unknown = error.data;
    if (typeof body === "object" && body !== null && "kind" in body && body.kind === "link") {
      return <LinkProblemPage problem={body as LinkProblem} />;
    }
    if (error.status === 404) {
      return (
        <Plain title="Invoice not found">
          <p>There is no invoice at this address for your link. Go back to your invoices and choose one from the list.</p>
        </Plain>
      );
    }
    if (error.status === 429) {
      return (
        <Plain title="Too many attempts">
          <p>Please wait a few minutes, then open the link you were sent again.</p>
        </Plain>
      );
    }
  }
  return (
    <Plain title="Something went wrong">
      <p>We could not show this page. Please try again in a moment.</p>
    </Plain>
  );
}
