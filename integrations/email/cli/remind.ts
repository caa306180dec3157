import { emailNowCommand } from "./email-now.ts";

export const emailRemind = emailNowCommand({ name: "email remind", summary: "Email the client a reminder of the invoice, now.", message: "reminder" });
