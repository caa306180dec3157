import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSlack } from "#app/web/slack.server.ts";

/** Where Slack sends the installer back: checks the state, stores the installation. */
export const loader = async ({ request, context }: LoaderFunctionArgs) => requireSlack(context.app).handleOAuthRedirect(request);
