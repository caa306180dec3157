import { text, wholeNumber } from "#app/platform/cli/command.ts";
import { emailConfig } from "../config.ts";
import { command } from "./command.ts";
import { keptDirectory, keptEmails } from "./kept.ts";

export const emailList = command({
  name: "email list",
  summary: "Emails kept without SMTP (DATA_DIR/mail), newest first.",
  options: {
    limit: text("N", "How many to show (20 when not given)"),
  },
  async run({ options, io }) {
    const directory = keptDirectory(emailConfig(io.env), io.out);
    if (!directory) return;
    const limit = wholeNumber(options.limit, "limit") ?? 20;
    const kept = await keptEmails(directory);
    if (!kept.length) {
      io.out(`No emails kept in ${directory} yet.`);
      return;
    }
    io.out(`${kept.length} email${kept.length === 1 ? "" : "s"} kept in ${directory} (open a .eml file in any mail program, or \`remit email show N\`):`);
    kept.slice(0, limit).forEach((email, index) => {
      io.out(`${String(index + 1).padStart(3)}  ${email.date?.toISOString().slice(0, 16).replace("T", " ") ?? "?"}  ${email.to}  ${email.subject}`);
      io.out(`     ${email.file}`);
    });
  },
});
