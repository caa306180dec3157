import { useTranslation } from "react-i18next";
import { formatInstant } from "#app/components/format.ts";
import { HeadedSection } from "#app/components/portal/headed-section.tsx";

export const questionStates = ["sent", "empty", "too-long", "preview", "limited"] as const;
export type QuestionState = (typeof questionStates)[number];

export interface ConversationMessage {
  id: string;
  author: string;
  authorName: string | null;
  body: string;
  lineId: string | null;
  createdAt: Date | string;
}

interface Props {
  action: string;
  vendorName: string;
  locale: string;
  timezone: string;
  lines: { id: string; productName: string }[];
  messages: ConversationMessage[];
  state: QuestionState | null;
  maxLength: number;
  preview: boolean;
  /** The vendor can be asked (their team gets questions in Slack). */
  open: boolean;
}

/**
 * "Ask about this invoice": the conversation so far (the client's questions, the vendor's team's
 * answers with their names) and a form to ask, about the whole invoice or one line. Everything
 * is text: React escapes it, and line breaks are kept.
 */
export function InvoiceQuestions({ action, vendorName, locale, timezone, lines, messages, state, maxLength, preview, open }: Props) {
  const { t } = useTranslation("portal");
  const product = (lineId: string | null) => lines.find((line) => line.id === lineId)?.productName ?? null;
  const notice =
    state === "sent"
      ? t("questions.sent", { vendor: vendorName })
      : state === "empty"
        ? t("questions.empty")
        : state === "too-long"
          ? t("questions.tooLong", { max: maxLength })
          : state === "limited"
            ? t("questions.limited")
            : state === "preview"
              ? t("questions.preview")
              : null;
  return (
    <HeadedSection name="questions" id="questions" heading={t("questions.heading")}>
      {messages.length ? (
        <ul className="payments conversation">
          {messages.map((message) => (
            <li key={message.id} className={message.author === "client" ? "from-client" : "from-vendor"}>
              <span className="muted">
                {message.author === "client" ? t("questions.you") : t("questions.teamMember", { name: message.authorName ?? vendorName, vendor: vendorName })}
                {" · "}
                {formatInstant(message.createdAt, locale, timezone)}
                {product(message.lineId) ? ` · ${t("questions.aboutLine", { product: product(message.lineId) })}` : ""}
              </span>
              <p className="notes">{message.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {notice ? (
        <p role="status" className={state === "sent" ? "notice" : "problem"}>
          {notice}
        </p>
      ) : null}
      {!open ? null : preview ? (
        <p className="muted">{t("questions.preview")}</p>
      ) : (
        <form method="post" action={action} className="stack">
          <p className="muted">{t("questions.intro", { vendor: vendorName })}</p>
          {lines.length > 1 ? (
            <>
              <label htmlFor="question-about">{t("questions.about")}</label>
              <select id="question-about" name="lineId" defaultValue="">
                <option value="">{t("questions.wholeInvoice")}</option>
                {lines.map((line) => (
                  <option key={line.id} value={line.id}>
                    {t("questions.line", { product: line.productName })}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          <label htmlFor="question-body">{t("questions.label")}</label>
          <textarea id="question-body" name="body" required maxLength={maxLength} rows={4} />
          <button type="submit">{t("questions.send")}</button>
        </form>
      )}
    </HeadedSection>
  );
}
