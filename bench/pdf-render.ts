// The invoice renderer alone: the `pdf` scenario's 20-line invoice rendered again and again in
// this process (one thread, so per core), with no HTTP, database or stored copy (decision 116)
// in the way. Measures renderInvoicePdf as the portal and emails call it.
import { renderInvoicePdf } from "#app/documents/pdf.server.ts";
import { anInvoiceDocument } from "#tests/fixtures/documents/documents.ts";
import type { Recorder } from "./lib/measurement.ts";
import { median } from "./lib/load.ts";

/** The seed's lines (bench/lib/seed.ts) for a German client, 19 % tax. */
const lines = Array.from({ length: 20 }, (_, n) => {
  const quantity = 1 + (n % 4);
  const unitAmount = 12_500 + n * 100;
  const description = "Konzeption, Gestaltung und Abstimmung mit dem Team";
  return { productName: `Leistung ${n + 1}`, description, quantity, unitAmount, taxRateBps: 1900, discountBps: 0, amount: quantity * unitAmount };
});

async function rendersPerSecond(seconds: number): Promise<{ rate: number; cpuMs: number }> {
  const doc = anInvoiceDocument({ language: "de", locale: "de-DE", timezone: "Europe/Berlin", lines });
  const cpu = process.cpuUsage();
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < seconds * 1000) {
    await renderInvoicePdf(doc);
    count++;
  }
  const used = process.cpuUsage(cpu);
  return { rate: Math.round((count * 1000) / (performance.now() - started)), cpuMs: (used.user + used.system) / 1000 / count };
}

export async function pdfRender(record: Recorder, runs: number, seconds: number): Promise<void> {
  await rendersPerSecond(3); // fonts parsed, code optimised
  const samples: { rate: number; cpuMs: number }[] = [];
  for (let i = 0; i < runs; i++) samples.push(await rendersPerSecond(seconds));
  const rate = median(samples.map((s) => s.rate));
  record({
    name: "Invoice PDF (20 lines), renderer alone: PDFs/s on one core",
    value: rate,
    unit: "PDF/s",
    target: "≥ 100/s per core",
    met: rate >= 100,
    note: `${median(samples.map((s) => Math.round(s.cpuMs * 10))) / 10} ms of CPU per PDF (all threads)`,
  });
}
