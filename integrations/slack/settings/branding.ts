import { input, valueId } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { textValue } from "./section.ts";

const name = "settings_name";
const colour = "settings_brand_color";

export const brandingSection: SettingsSection = {
  title: "Branding",
  blocks: (workspace) => [
    input({
      blockId: name,
      label: "Business name",
      hint: "Shown to clients on the portal and on invoices.",
      element: { type: "plain_text_input", action_id: valueId, max_length: 120, initial_value: workspace.name },
    }),
    input({
      blockId: colour,
      label: "Brand colour",
      hint: "A hex colour such as #4f46e5.",
      element: { type: "plain_text_input", action_id: valueId, max_length: 7, initial_value: workspace.brandColor },
    }),
  ],
  read: (values) => ({ ok: true, value: { name: textValue(values, name), brandColor: textValue(values, colour) } }),
  fields: { name, brandColor: colour },
};
