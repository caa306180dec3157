import { rgb, type RGB } from "pdf-lib";
import { contrast, type Channels } from "#app/billing/brand-color.ts";

/** Colours a template draws with, all derived from the vendor's brand colour. */
export interface Palette {
  brand: RGB;
  /** The brand colour, darkened until text in it is readable on white (WCAG AA). */
  brandText: RGB;
  /** White or near-black, whichever reads better on a brand-coloured fill. */
  onBrand: RGB;
  /** Very light brand wash for backgrounds and zebra stripes. */
  tint: RGB;
  /** Slightly stronger wash for table headers. */
  tintStrong: RGB;
  paper: RGB;
  text: RGB;
  muted: RGB;
  rule: RGB;
  paid: RGB;
  void: RGB;
}

const fallbackBrand: Channels = [0x33, 0x41, 0x55];
const white: Channels = [255, 255, 255];
const nearBlack: Channels = [0x11, 0x18, 0x27];

function parseHex(hex: string): Channels {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return fallbackBrand;
  const value = parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** Linear mix: weight 0 is `a`, 1 is `b`. */
function mix(a: Channels, b: Channels, weight: number): Channels {
  const channel = (i: 0 | 1 | 2) => Math.round(a[i] * (1 - weight) + b[i] * weight);
  return [channel(0), channel(1), channel(2)];
}

const toRgb = ([r, g, b]: Channels): RGB => rgb(r / 255, g / 255, b / 255);

// A workspace's documents share its brand colour: its palette is worked out once, and its
// colours' operands are written once (page.server.ts keeps them by colour object).
const palettes = new Map<string, Palette>();
const maxPalettes = 100;

export function paletteFor(brandColor: string): Palette {
  let palette = palettes.get(brandColor);
  if (!palette) {
    if (palettes.size >= maxPalettes) palettes.clear();
    palette = Object.freeze(makePalette(brandColor));
    palettes.set(brandColor, palette);
  }
  return palette;
}

function makePalette(brandColor: string): Palette {
  const brand = parseHex(brandColor);
  let readable = brand;
  for (let step = 1; contrast(readable, white) < 4.5 && step <= 10; step++) {
    readable = mix(brand, [0, 0, 0], step / 10);
  }
  return {
    brand: toRgb(brand),
    brandText: toRgb(readable),
    onBrand: toRgb(contrast(brand, white) >= contrast(brand, nearBlack) ? white : nearBlack),
    tint: toRgb(mix(white, brand, 0.07)),
    tintStrong: toRgb(mix(white, brand, 0.16)),
    paper: toRgb(white),
    text: toRgb(nearBlack),
    muted: toRgb([0x5b, 0x65, 0x73]),
    rule: toRgb([0xd9, 0xdd, 0xe3]),
    paid: toRgb([0x15, 0x80, 0x3d]),
    void: toRgb([0xb9, 0x1c, 0x1c]),
  };
}
