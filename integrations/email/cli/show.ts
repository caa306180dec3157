import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { NotFoundError } from "#app/billing/errors.ts";
import { emailConfig } from "../config.ts";
import { command } from "./command.ts";
import { keptDirectory, keptEmails } from "./kept.ts";

export const emailShow = command({
  name: "email show",
  summary: "One kept email: headers and text (N from email list, or its file name).",
  args: ["N|FILE"],
  async run({ args: [which = ""], io }) {
    const directory = keptDirectory(emailConfig(io.env), io.out);
    if (!directory) return;
    const kept = await keptEmails(directory);
    const email = /^\d+$/.test(which) ? kept[Number(which) - 1] : kept.find((candidate) => candidate.file === which);
    if (!email) throw new NotFoundError(`No kept email ${which}: see \`remit email list\`.`);
    const parsed = await simpleParser(await readFile(join(directory, email.file)));
    const header = (name: string) => parsed.headers.get(name.toLowerCase());
    io.out(`From:     ${parsed.from?.text ?? ""}`);
    io.out(`To:       ${email.to}`);
    if (parsed.replyTo) io.out(`Reply-To: ${parsed.replyTo.text}`);
    io.out(`Date:     ${parsed.date?.toISOString() ?? ""}`);
    io.out(`Subject:  ${parsed.subject ?? ""}`);
    io.out(`Message-ID: ${String(header("message-id") ?? "")}`);
    for (const attachment of parsed.attachments) io.out(`Attached: ${attachment.filename ?? "file"} (${attachment.contentType}, ${attachment.size} bytes)`);
    io.out("");
    io.out((parsed.text ?? "").trimEnd());
  },
});
