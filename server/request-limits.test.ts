import { expect, it } from "vitest";
import { bodyLimit } from "./request-limits.ts";

it("gives both Stripe endpoints and Slack 1 MiB, the portal's forms 4 KiB and its beacon 1 KiB", () => {
  expect(["/webhooks/stripe", "/webhooks/stripe/connect", "/slack/events"].map((path) => bodyLimit("POST", path))).toEqual([1_048_576, 1_048_576, 1_048_576]);
  expect(bodyLimit("POST", "/p/abc.def.ghi/new-link")).toBe(4096);
  expect(bodyLimit("POST", "/p/abc.def.ghi/beacon")).toBe(1024);
  expect(bodyLimit("GET", "/webhooks/stripe/connect")).toBe(0);
});
