import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";

/**
 * pdf-lib compresses every stream (pages, font subsets, object streams) with `pako`, zlib
 * ported to JavaScript, looked up on the module at each call. Node's own zlib does the same at
 * the same default level in about 40 % of the time (decision 122). The output is as valid and
 * as deterministic; its bytes differ slightly from pako's.
 *
 * Level 3 rather than zlib's default 6 (decision 160): a 20-line invoice's streams (about 80 KB
 * before compression: page contents, two font subsets) take about a third less time to
 * compress, and the file comes out 1.4 KB (4 %) larger.
 */
const level = 3;
const fromPdfLib = createRequire(createRequire(import.meta.url).resolve("pdf-lib"));
const pako = fromPdfLib("pako") as { deflate: (data: Uint8Array) => Uint8Array };
pako.deflate = (data) => deflateSync(data, { level });
