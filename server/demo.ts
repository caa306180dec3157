import type { Db } from "#app/platform/db/database.server.ts";
import { addDays, calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import { createCustomer, type CustomerInput } from "#app/billing/customers.server.ts";
import type { CreateInvoiceInput } from "#app/billing/invoice-input.ts";
import { createInvoice, recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { createWorkspace, updateWorkspaceSettings } from "#app/billing/workspaces.server.ts";

export const demoWorkspaceName = "Northwind Studio (demo data)";

type DemoInvoice = Omit<CreateInvoiceInput, "customerId" | "issueDate"> & {
  issuedDaysAgo: number;
  termsDays: number;
  paid?: "full" | number;
  voided?: true;
};

const demoCustomers: { customer: CustomerInput; invoices: DemoInvoice[] }[] = [
  {
    customer: { name: "Acme Corp", email: "ap@acme.example", address: "1 Market St\nSan Francisco, CA 94105", locale: "en-US", currency: "USD" },
    invoices: [
      {
        issuedDaysAgo: 5,
        termsDays: 30,
        taxRateBps: 825,
        lines: [
          { productName: "Website redesign", description: "Discovery, wireframes and visual design for 12 templates", quantity: 1, unitAmount: 480_000 },
          { productName: "Front-end build", description: "Hours at the agreed rate", quantity: 32.5, unitAmount: 12_000 },
        ],
        notes: "Thank you for your business. Bank details are on the PDF.",
      },
      { issuedDaysAgo: 44, termsDays: 30, lines: [{ productName: "Monthly retainer — October", quantity: 1, unitAmount: 250_000 }] },
      { issuedDaysAgo: 70, termsDays: 14, paid: "full", lines: [{ productName: "Brand workshop", quantity: 2, unitAmount: 90_000 }] },
      { issuedDaysAgo: 60, termsDays: 30, voided: true, lines: [{ productName: "Duplicate of retainer (voided)", quantity: 1, unitAmount: 250_000 }] },
    ],
  },
  {
    customer: {
      name: "Müller & Söhne GmbH",
      email: "buchhaltung@mueller.example",
      address: "Königstraße 12\n70173 Stuttgart",
      locale: "de-DE",
      currency: "EUR",
    },
    invoices: [
      {
        issuedDaysAgo: 12,
        termsDays: 30,
        taxRateBps: 1900,
        paid: 100_000,
        lines: [
          { productName: "Logo-Überarbeitung", description: "Drei Entwürfe, zwei Korrekturschleifen", quantity: 1, unitAmount: 180_000, discountBps: 1000 },
          { productName: "Geschäftsausstattung", quantity: 1, unitAmount: 95_050 },
          { productName: "Fachbuch „Marken führen“", quantity: 2, unitAmount: 3_990, taxRateBps: 700 },
        ],
        footer: "Vielen Dank für Ihren Auftrag. Bitte geben Sie bei Überweisungen die Rechnungsnummer an.",
      },
    ],
  },
  {
    customer: { name: "ООО «Ромашка»", email: "buh@romashka.example", address: "ул. Тверская, 7\nМосква", locale: "ru-RU", currency: "RUB" },
    invoices: [
      {
        issuedDaysAgo: 20,
        termsDays: 10,
        lines: [{ productName: "Дизайн упаковки", description: "Три варианта, исходные файлы", quantity: 3, unitAmount: 4_500_000 }],
      },
    ],
  },
  {
    customer: { name: "Ελληνικά Χαρτικά Α.Ε.", email: "logistirio@chartika.example", locale: "el-GR", currency: "EUR" },
    invoices: [{ issuedDaysAgo: 3, termsDays: 30, taxRateBps: 2400, lines: [{ productName: "Εικονογράφηση", quantity: 4, unitAmount: 35_000 }] }],
  },
  {
    customer: { name: "Yamada Shoji K.K.", email: "keiri@yamada.example", locale: "ja-JP", currency: "JPY" },
    invoices: [
      { issuedDaysAgo: 35, termsDays: 30, paid: "full", taxRateBps: 1000, lines: [{ productName: "Localisation review", quantity: 12, unitAmount: 15_000 }] },
    ],
  },
  {
    customer: {
      name: "Atelier Dupont SARL",
      email: "compta@dupont.example",
      address: "14 rue des Arts\n69002 Lyon",
      taxId: "FR40303265045",
      locale: "fr-FR",
      currency: "EUR",
    },
    invoices: [
      {
        issuedDaysAgo: 9,
        termsDays: 30,
        taxRateBps: 2000,
        poNumber: "BC-2211",
        lines: [{ productName: "Direction artistique", description: "Catalogue printemps, 48 pages", quantity: 1, unitAmount: 320_000 }],
      },
    ],
  },
  {
    customer: {
      name: "Distribuciones Sánchez S.L.",
      email: "facturas@sanchez.example",
      address: "Calle Mayor 8\n28013 Madrid",
      taxId: "ESB12345678",
      locale: "es-ES",
      currency: "EUR",
    },
    invoices: [{ issuedDaysAgo: 40, termsDays: 30, taxRateBps: 2100, lines: [{ productName: "Rediseño de etiquetas", quantity: 6, unitAmount: 27_500 }] }],
  },
  {
    customer: { name: "Gulf Trading Co.", email: "accounts@gulf.example", locale: "en-GB", currency: "KWD" },
    invoices: [{ issuedDaysAgo: 8, termsDays: 30, lines: [{ productName: "Annual report layout", quantity: 1, unitAmount: 1_250_500 }] }],
  },
];

export interface DemoSummary {
  workspaceId: string;
  customers: { id: string; name: string }[];
  invoices: number;
}

/**
 * Creates a separate, clearly labelled demo workspace. It never reads or changes any other
 * workspace; it does nothing when a demo workspace already exists.
 */
export async function loadDemo(db: Db, now: Date): Promise<DemoSummary | null> {
  if (await db.workspace.findFirst({ where: { isDemo: true } })) return null;
  const workspace = await createWorkspace(db, {
    name: demoWorkspaceName,
    isDemo: true,
    brandColor: "#0f766e",
    defaultCurrency: "USD",
    timezone: "Europe/London",
    invoicePrefix: "NW-",
  });
  await updateWorkspaceSettings(db, workspace.id, {
    legalName: "Northwind Studio Ltd",
    address: "4 Shoreditch High Street\nLondon E1 6PG\nUnited Kingdom",
    billingEmail: "billing@northwind.example",
    taxId: "GB123456789",
    registrationNumber: "Companies House 01234567",
    bankName: "Northwind Bank (demo)",
    bankAccountHolder: "Northwind Studio Ltd",
    bankAccount: "GB33 BUKB 2020 1555 5555 55",
    bankBic: "BUKBGB22",
  });
  const today = calendarDateIn(now, workspace.timezone);
  const customers: DemoSummary["customers"] = [];
  let invoices = 0;
  for (const entry of demoCustomers) {
    const customer = await createCustomer(db, workspace.id, entry.customer);
    customers.push({ id: customer.id, name: customer.name });
    for (const { issuedDaysAgo, termsDays, paid, voided, ...input } of entry.invoices) {
      const issueDate = addDays(today, -issuedDaysAgo);
      const invoice = await createInvoice(
        db,
        workspace.id,
        { ...input, customerId: customer.id, issueDate: formatCalendarDate(issueDate), dueDate: formatCalendarDate(addDays(issueDate, termsDays)) },
        now,
      );
      invoices++;
      if (voided) await voidInvoice(db, workspace.id, invoice.id, now);
      if (paid) {
        const amount = paid === "full" ? invoice.total : paid;
        await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: invoice.id, amount, method: "bank transfer", paidAt: addDays(now, -2) }, now);
      }
    }
  }
  return { workspaceId: workspace.id, customers, invoices };
}
