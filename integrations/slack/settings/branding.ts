import type { SettingsSection } from "./section.ts";
import { textField, textValue } from "./section.ts";

const name = "settings_name";
const colour = "settings_brand_color";

export const brandingSection: SettingsSection = {
  title: "Branding",
  blocks: (workspace) => [
    textField({ blockId: name, label: "Business name", hint: "Shown to clients on the portal and on invoices.", max: 120, initial: workspace.name }),
    textField({ blockId: colour, label: "Brand colour", hint: "A hex colour such as #4f46e5.", max: 7, initial: workspace.brandColor }),
  ],
  read: (values) => ({ ok: true, value: { name: textValue(values, name), brandColor: textValue(values, colour) } }),
  fields: { name, brandColor: colour },
};
