import { setupServer } from "msw/node";

/**
 * One msw server for all tests: Slack, Notion and Stripe are mocked at the HTTP layer.
 * Each test file adds its service's handlers (tests/msw/<service>.ts) with `mswServer.use`.
 */
export const mswServer = setupServer();
