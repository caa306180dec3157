/** Red, green and blue, 0 to 255. */
export type Channels = readonly [number, number, number];

/** WCAG relative luminance. */
export function luminance([r, g, b]: Channels): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio, 1 to 21. */
export function contrast(a: Channels, b: Channels): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever reads better on the brand colour (WCAG relative luminance). */
export function textColorOn(hex: string): "#000000" | "#ffffff" {
  const channel = (offset: number) => parseInt(hex.slice(offset, offset + 2), 16);
  return luminance([channel(1), channel(3), channel(5)]) > 0.179 ? "#000000" : "#ffffff";
}
