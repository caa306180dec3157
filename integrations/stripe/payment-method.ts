/** How a client paid, in words for receipts: "Visa •••• 4242", "SEPA Direct Debit". */

export interface PaymentMethodDetails {
  type: string;
  card?: { brand?: string | null; last4?: string | null } | null;
}

const cardBrands: Record<string, string> = {
  amex: "American Express",
  cartes_bancaires: "Cartes Bancaires",
  diners: "Diners Club",
  discover: "Discover",
  eftpos_au: "eftpos",
  jcb: "JCB",
  mastercard: "Mastercard",
  unionpay: "UnionPay",
  visa: "Visa",
};

const methodNames: Record<string, string> = {
  acss_debit: "Pre-authorized debit",
  afterpay_clearpay: "Afterpay",
  au_becs_debit: "BECS Direct Debit",
  bacs_debit: "Bacs Direct Debit",
  bancontact: "Bancontact",
  card: "Card",
  customer_balance: "Bank transfer",
  ideal: "iDEAL",
  klarna: "Klarna",
  link: "Link",
  paypal: "PayPal",
  sepa_debit: "SEPA Direct Debit",
  us_bank_account: "US bank account",
};

export const unknownMethod = "Online payment (Stripe)";

function words(code: string): string {
  const text = code.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function describePaymentMethod(details: PaymentMethodDetails | null | undefined): string {
  if (!details) return unknownMethod;
  const { brand, last4 } = details.card ?? {};
  if (details.type === "card" && brand && last4) return `${cardBrands[brand] ?? words(brand)} •••• ${last4}`;
  return methodNames[details.type] ?? words(details.type);
}
