// PNG encoding with Node's own zlib (native code), for the link preview image: resvg's encoder runs
// as WebAssembly, which on a cold start is still in its baseline tier and takes twice as long.
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A PNG of `rgba` (`width` × `height` pixels, 4 bytes each, as resvg renders them: premultiplied,
 * the same as plain RGBA where the image is opaque, as a preview is everywhere). Rows are left
 * unfiltered: they are copied as they are (a per-pixel filter in JavaScript costs more on a cold
 * start than it saves), and zlib alone shrinks the flat background to almost nothing.
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const stride = 4 * width;
  const rows = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y += 1) rows.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array(0))]);
}
