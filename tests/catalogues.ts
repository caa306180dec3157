import type { Language } from "#app/i18n/languages.ts";
import { english, resources, type Namespace } from "#app/i18n/resources.ts";

/** Each string of a catalogue with its dotted path. */
function leaves(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
}

function at(catalogue: unknown, path: string): string {
  const value = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], catalogue);
  return typeof value === "string" ? value : "";
}

/**
 * English words of `namespaces` that must not show in `language`: every fixed fragment of an
 * English string (placeholders and tags cut out) of four letters or more that the language's own
 * strings for the same key (its plural too) do not also use ("Status", "IBAN").
 */
export function englishLeftovers(language: Language, namespaces: Namespace[]): string[] {
  const fragments = new Set<string>();
  for (const namespace of namespaces) {
    const own = resources[language][namespace];
    for (const [path, text] of leaves(english[namespace])) {
      const mine = at(own, path.replace(/_(one|other)$/, "_other")) + at(own, path);
      for (const fragment of text.split(/\{\{[^}]+\}\}|<\/?\w+>/)) {
        const words = fragment
          .replace(/[^\p{L}\s'’]/gu, " ")
          .trim()
          .replace(/\s+/g, " ");
        if (words.length >= 4 && !mine.includes(words)) fragments.add(words);
      }
    }
  }
  return [...fragments];
}
