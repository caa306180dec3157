/** Errors the domain raises on purpose. Routes, Slack and the CLI turn them into plain words. */
export class DomainError extends Error {
  override name = "DomainError";
}

/** Input that breaks a rule; `issues` maps a field path ("lines.0.quantity") to a message. */
export class ValidationError extends DomainError {
  override name = "ValidationError";
  constructor(readonly issues: Record<string, string>) {
    super(
      Object.entries(issues)
        .map(([field, message]) => `${field}: ${message}`)
        .join("; "),
    );
  }
}

export class NotFoundError extends DomainError {
  override name = "NotFoundError";
}

export class IllegalTransitionError extends DomainError {
  override name = "IllegalTransitionError";
}

/** Online payment is not set up on this server (no Stripe keys): the portal says so instead of a Pay button. */
export class PaymentsNotConfiguredError extends DomainError {
  override name = "PaymentsNotConfiguredError";
}

/** The payment provider failed or could not be reached; nothing was charged or recorded. The message is safe to show the client. */
export class PaymentProviderError extends DomainError {
  override name = "PaymentProviderError";
}

/** The request that creates this invoice was already handled (a retried or repeated submission). */
export class AlreadyCreatedError extends DomainError {
  override name = "AlreadyCreatedError";
  constructor(readonly invoice: { id: string; number: string }) {
    super(`Invoice ${invoice.number} was already created from this request.`);
  }
}

/**
 * The provider refuses this payment for good (a currency it does not take, an amount it cannot
 * charge): trying again will not help. `message` tells the client; `vendorReason` the vendor.
 */
export class PaymentUnavailableError extends PaymentProviderError {
  override name = "PaymentUnavailableError";
  constructor(
    message: string,
    readonly vendorReason: string,
  ) {
    super(message);
  }
}

/**
 * The client is about to pay an amount other than the one their Pay button showed (they typed
 * another amount with the page's script off, or the balance changed meanwhile): ask them to confirm it.
 */
export class AmountNotConfirmedError extends DomainError {
  override name = "AmountNotConfirmedError";
  constructor(readonly amount: number) {
    super("Please confirm the amount to pay.");
  }
}
