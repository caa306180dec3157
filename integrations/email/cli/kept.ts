import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import { describeEmailConfig, type EmailConfig } from "../config.ts";

export interface KeptEmail {
  file: string;
  date: Date | undefined;
  to: string;
  subject: string;
}

/** The emails kept as files without SMTP, newest first. */
export async function keptEmails(directory: string): Promise<KeptEmail[]> {
  const files = (await readdir(directory).catch(() => [] as string[]))
    .filter((name) => name.endsWith(".eml"))
    .sort()
    .reverse();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(await readFile(join(directory, file)), { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
      const to = ([] as AddressObject[])
        .concat(parsed.to ?? [])
        .map((address) => address.text)
        .join(", ");
      return { file, date: parsed.date, to, subject: parsed.subject ?? "" };
    }),
  );
}

/** Where emails are kept, or "" (having said why) when they are sent over SMTP instead. */
export function keptDirectory(config: EmailConfig, out: (line: string) => void): string {
  if (config.transport === "file") return config.directory;
  out(`${describeEmailConfig(config)} Nothing is kept as files; \`remit email history --workspace ID\` shows what was sent.`);
  return "";
}
