import { EventEmitter } from "node:events";

/**
 * Subsets of one static TrueType face, written as fontkit 2's `TTFSubset` writes them (same
 * tables in the same order, same bytes) but from tables read once per face: fontkit decodes
 * every glyph's outline and re-encodes each table field by field for every subset, which was
 * a fifth of a document's rendering time (decision 160). A subset holds glyph 0, then the
 * glyphs in the order they are first included, then the parts of composite glyphs as met.
 */
export class TrueTypeSubsetter {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly tables = new Map<string, { offset: number; length: number }>();
  private readonly longOffsets: boolean;
  private readonly numGlyphs: number;
  private readonly numberOfHMetrics: number;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const numTables = this.view.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const entry = 12 + 16 * i;
      const tag = String.fromCharCode(...bytes.subarray(entry, entry + 4));
      this.tables.set(tag, { offset: this.view.getUint32(entry + 8), length: this.view.getUint32(entry + 12) });
    }
    for (const tag of ["head", "hhea", "maxp", "loca", "glyf", "hmtx"]) {
      if (!this.tables.has(tag)) throw new Error(`Not a TrueType font: no ${tag} table`);
    }
    if (this.tables.has("gvar")) throw new Error("Variable TrueType fonts are not subset here");
    this.longOffsets = this.view.getInt16(this.table("head").offset + 50) === 1;
    this.numGlyphs = this.view.getUint16(this.table("maxp").offset + 4);
    this.numberOfHMetrics = this.view.getUint16(this.table("hhea").offset + 34);
  }

  /** An object pdf-lib 1.17 takes for fontkit 1's subset: glyphs in, a stream of the font out. */
  createSubset(): { includeGlyph(glyph: number | { id: number }): number; encodeStream(): EventEmitter } {
    const glyphs: number[] = [];
    const mapping = new Map<number, number>();
    const includeGlyph = (glyph: number | { id: number }): number => {
      const id = typeof glyph === "number" ? glyph : glyph.id;
      let index = mapping.get(id);
      if (index === undefined) {
        index = glyphs.length;
        glyphs.push(id);
        mapping.set(id, index);
      }
      return index;
    };
    includeGlyph(0); // the missing glyph, always first
    return {
      includeGlyph,
      encodeStream: () => {
        const stream = new EventEmitter();
        queueMicrotask(() => {
          stream.emit("data", this.encode(glyphs, includeGlyph));
          stream.emit("end");
        });
        return stream;
      },
    };
  }

  private table(tag: string): { offset: number; length: number } {
    const table = this.tables.get(tag);
    if (!table) throw new Error(`No ${tag} table`);
    return table;
  }

  private tableBytes(tag: string): Uint8Array | undefined {
    const table = this.tables.get(tag);
    return table && this.bytes.subarray(table.offset, table.offset + table.length);
  }

  private glyphOffset(id: number): number {
    const loca = this.table("loca").offset;
    return this.longOffsets ? this.view.getUint32(loca + 4 * id) : this.view.getUint16(loca + 2 * id) * 2;
  }

  private metrics(id: number): { advance: number; bearing: number } {
    const hmtx = this.table("hmtx").offset;
    const n = this.numberOfHMetrics;
    if (id < n) return { advance: this.view.getUint16(hmtx + 4 * id), bearing: this.view.getInt16(hmtx + 4 * id + 2) };
    const advance = n > 0 ? this.view.getUint16(hmtx + 4 * (n - 1)) : 0;
    const bearingAt = hmtx + 4 * n + 2 * (id - n);
    const bearing = bearingAt + 2 <= hmtx + this.table("hmtx").length ? this.view.getInt16(bearingAt) : 0;
    return { advance, bearing };
  }

  /**
   * A glyph's outline bytes. A composite glyph names its parts by glyph id: each part is included
   * in the subset and the copy renumbered to the part's new id.
   */
  private glyphData(id: number, includeGlyph: (id: number) => number): Uint8Array {
    if (id >= this.numGlyphs) throw new RangeError(`No glyph ${id}`);
    const glyf = this.table("glyf").offset;
    const start = this.glyphOffset(id);
    const end = this.glyphOffset(id + 1);
    const data = this.bytes.subarray(glyf + start, glyf + end);
    if (data.length === 0 || this.view.getInt16(glyf + start) >= 0) return data;
    const copy = new Uint8Array(data);
    const view = new DataView(copy.buffer);
    let at = 10;
    let flags = moreComponents;
    while (flags & moreComponents) {
      flags = view.getUint16(at);
      view.setUint16(at + 2, includeGlyph(view.getUint16(at + 2)));
      at += 4 + (flags & argsAreWords ? 4 : 2);
      if (flags & haveScale) at += 2;
      else if (flags & haveXYScale) at += 4;
      else if (flags & haveTwoByTwo) at += 8;
    }
    return copy;
  }

  private encode(glyphs: number[], includeGlyph: (id: number) => number): Uint8Array {
    const outlines: Uint8Array[] = [];
    const metrics: { advance: number; bearing: number }[] = [];
    // Parts of composite glyphs are appended to `glyphs` while it is walked.
    for (let i = 0; i < glyphs.length; i++) {
      const id = glyphs[i] ?? 0;
      outlines.push(this.glyphData(id, includeGlyph));
      metrics.push(this.metrics(id));
    }
    const glyfLength = outlines.reduce((sum, outline) => sum + outline.length, 0);
    const count = outlines.length;

    const head = new Uint8Array(this.tableBytes("head") ?? []).slice(0, 54);
    new DataView(head.buffer).setInt16(50, this.longOffsets ? 1 : 0);
    const hhea = new Uint8Array(this.tableBytes("hhea") ?? []).slice(0, 36);
    new DataView(hhea.buffer).setUint16(34, count);
    const maxp = new Uint8Array(this.tableBytes("maxp") ?? []).slice(0, 32);
    new DataView(maxp.buffer).setUint16(4, count);

    const loca = new Uint8Array((count + 1) * (this.longOffsets ? 4 : 2));
    const locaView = new DataView(loca.buffer);
    let offset = 0;
    for (let i = 0; i <= count; i++) {
      if (this.longOffsets) locaView.setUint32(4 * i, offset);
      else locaView.setUint16(2 * i, offset / 2);
      offset += outlines[i]?.length ?? 0;
    }
    const hmtx = new Uint8Array(4 * count);
    const hmtxView = new DataView(hmtx.buffer);
    metrics.forEach(({ advance, bearing }, i) => {
      hmtxView.setUint16(4 * i, advance);
      hmtxView.setInt16(4 * i + 2, bearing);
    });

    // fontkit's order and its directory: tag "true", no checksums, tables back to back.
    const tables: [string, Uint8Array | Uint8Array[] | undefined][] = [
      ["head", head],
      ["hhea", hhea],
      ["loca", loca],
      ["maxp", maxp],
      ["cvt ", this.tableBytes("cvt ")],
      ["prep", this.tableBytes("prep")],
      ["glyf", outlines],
      ["hmtx", hmtx],
      ["fpgm", this.tableBytes("fpgm")],
    ];
    const present = tables.filter((entry): entry is [string, Uint8Array | Uint8Array[]] => entry[1] !== undefined);
    const lengthOf = (data: Uint8Array | Uint8Array[]) => (Array.isArray(data) ? glyfLength : data.length);
    const directoryLength = 12 + 16 * present.length;
    const out = new Uint8Array(directoryLength + present.reduce((sum, [, data]) => sum + lengthOf(data), 0));
    const outView = new DataView(out.buffer);
    const exponent = Math.floor(Math.log2(present.length));
    out.set([0x74, 0x72, 0x75, 0x65]); // "true"
    outView.setUint16(4, present.length);
    outView.setUint16(6, 2 ** exponent * 16);
    outView.setUint16(8, exponent);
    outView.setUint16(10, present.length * 16 - 2 ** exponent * 16);
    let at = directoryLength;
    present.forEach(([tag, data], i) => {
      const entry = 12 + 16 * i;
      for (let c = 0; c < 4; c++) out[entry + c] = tag.charCodeAt(c);
      outView.setUint32(entry + 8, at);
      outView.setUint32(entry + 12, lengthOf(data));
      for (const part of Array.isArray(data) ? data : [data]) {
        out.set(part, at);
        at += part.length;
      }
    });
    return out;
  }
}

const argsAreWords = 0x0001;
const haveScale = 0x0008;
const moreComponents = 0x0020;
const haveXYScale = 0x0040;
const haveTwoByTwo = 0x0080;
