import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireSlack } from "#app/web/slack.server.ts";

/** "Add to Slack": starts the OAuth install (distributed mode). */
export const loader = async ({ request, context }: LoaderFunctionArgs) => requireSlack(context.app).handleInstall(request);
