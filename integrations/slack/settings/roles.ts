import { permissionLabels, permissions, type Permission } from "#app/billing/permissions.ts";
import { option, valueId } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { checkboxField } from "./section.ts";

const members = "settings_member_permissions";
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const choices = permissions.map((permission) => option(capitalised(permissionLabels[permission]), permission));

/** Who may do what (docs/decisions/150): what members may do; Slack admins and owners may always do everything. */
export const rolesSection: SettingsSection = {
  title: "Who may do what",
  blocks: (workspace) => {
    const chosen = choices.filter((choice) => workspace.memberPermissions.includes(choice.value ?? ""));
    return [
      checkboxField({
        blockId: members,
        label: "Members of this Slack workspace may",
        optional: true,
        hint: "Slack admins and owners may always do everything; guests nothing.",
        choices,
        chosen,
      }),
    ];
  },
  read(values) {
    // A form drawn before this section existed changes nothing here.
    if (!values[members]) return { ok: true, value: {} };
    const selected = values[members]?.[valueId]?.selected_options ?? [];
    const known = new Set<string>(permissions);
    // Slack only submits the options the form offered; anything else is dropped, not trusted.
    const chosen = selected.map((choice) => choice.value ?? "").filter((value): value is Permission => known.has(value));
    return { ok: true, value: { memberPermissions: chosen } };
  },
  fields: { memberPermissions: members },
};
