import { z } from "zod";

/**
 * What a workspace's team may do, each a permission the workspace gives to its members or
 * keeps for its admins (docs/decisions/150). Admins and owners may always do everything;
 * guests nothing. Integrations decide who is an admin; this module only says what needs what.
 */
export const permissions = ["create", "issue", "void", "mark_paid", "refund", "settings"] as const;
export type Permission = (typeof permissions)[number];

/** Members create, issue and record payments; voiding, refunding and settings stay with admins. */
export const defaultMemberPermissions: readonly Permission[] = ["create", "issue", "mark_paid"];

/** What each permission lets a person do, as settings and refusals say it. */
export const permissionLabels: Record<Permission, string> = {
  create: "create and edit drafts, duplicate invoices, edit customers",
  issue: "issue invoices, send them and their links to clients",
  void: "void and correct issued invoices",
  mark_paid: "mark invoices paid and undo a payment marked by mistake",
  refund: "refund card payments and settle overpayments",
  settings: "change Remit's settings",
};

export const memberPermissionsInput = z
  .array(z.enum(permissions, { error: "Unknown permission" }))
  .transform((chosen) => permissions.filter((permission) => chosen.includes(permission)));

/** Whether a person of this role may do this in a workspace whose members have `memberPermissions`. */
export function mayDo(role: "guest" | "member" | "admin", permission: Permission, memberPermissions: readonly string[]): boolean {
  if (role === "admin") return true;
  if (role === "guest") return false;
  return memberPermissions.includes(permission);
}
