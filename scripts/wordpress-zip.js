// Builds dist/chat-for-coze.zip: the plugin in wordpress/chat-for-coze/ with the built widget
// (dist/coze-chat*.js) in its assets/widget/, as Plugins → Add New → Upload takes it.
// The zip is written here (stored + deflate, CRC-32 by table) so the build needs no `zip` tool.

import { deflateRawSync } from 'node:zlib';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const plugin = join(root, 'wordpress/chat-for-coze');
const widget = join(plugin, 'assets/widget');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** The widget's files from dist, copied beside the plugin (source maps left out). */
function copyWidget() {
  rmSync(widget, { recursive: true, force: true });
  mkdirSync(widget, { recursive: true });
  const files = readdirSync(join(root, 'dist')).filter((name) => /^coze-chat.*\.js$/.test(name));
  if (!files.includes('coze-chat.js')) throw new Error('dist/coze-chat.js is missing: run the standalone build first.');
  for (const name of files) copyFileSync(join(root, 'dist', name), join(widget, name));
}

const walk = (dir) =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });

/** A zip of `files`, each named `chat-for-coze/…`. */
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const path of files) {
    const name = Buffer.from(`chat-for-coze/${relative(plugin, path)}`);
    const data = readFileSync(path);
    const packed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(0x00210000, 10); // 1980-01-01, for a build that does not depend on the clock
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(head, name, packed);
    centrals.push(central, name);
    offset += head.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

copyWidget();
const files = walk(plugin);
writeFileSync(join(root, 'dist/chat-for-coze.zip'), zip(files));
console.log(`dist/chat-for-coze.zip: ${files.length} files`);
