import { emailNowCommand } from "./email-now.ts";

export const emailSend = emailNowCommand({ name: "email send", summary: "Email the invoice to the client again, now.", message: "invoice" });
