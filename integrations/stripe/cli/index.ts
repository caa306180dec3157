import { stripeConnect } from "./connect.ts";
import { stripeDisconnect } from "./disconnect.ts";
import { stripeStatus } from "./status.ts";

/** `remit stripe …`: a workspace's own Stripe account under Stripe Connect. */
export const stripeCommands = [stripeStatus, stripeConnect, stripeDisconnect];
