import { emailHistory } from "./history.ts";
import { emailList } from "./list.ts";
import { emailRemind } from "./remind.ts";
import { emailReminders } from "./reminders.ts";
import { emailSend } from "./send.ts";
import { emailSettings } from "./settings.ts";
import { emailShow } from "./show.ts";
import { emailTest } from "./test-send.ts";

/** `remit email …`: kept emails, a test email, sending now, history and settings. */
export const emailCommands = [emailList, emailShow, emailTest, emailSend, emailRemind, emailHistory, emailSettings, emailReminders];
