import type { ActionFunctionArgs } from "@remix-run/node";
import { requireSlack } from "#app/web/slack.server.ts";

/** Slack's one request URL: slash commands, interactivity, select options and events. */
export const action = async ({ request, context }: ActionFunctionArgs) => requireSlack(context.app).handleEvents(request);
