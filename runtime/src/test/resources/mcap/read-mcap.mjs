// Reads an MCAP file with the official TypeScript reader (@mcap/core), twice: indexed (summary,
// chunk indexes, message indexes) and streaming (every record, CRCs validated). Prints what it
// saw as one JSON object for McapInteropTest to compare with the Java side.
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { open, readFile } from "node:fs/promises";

const path = process.argv[2];
const streamOnly = process.argv[3] === "--stream-only";
const handle = await open(path, "r");
const readable = {
  size: async () => BigInt((await handle.stat()).size),
  read: async (offset, length) => {
    const n = Number(length);
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, Number(offset));
    if (bytesRead !== n) throw new Error(`short read at ${offset}`);
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  },
};

const out = {};
if (!streamOnly) {
const reader = await McapIndexedReader.Initialize({ readable });
const channels = [...reader.channelsById.values()]
  .sort((a, b) => a.id - b.id)
  .map((c) => ({
    id: c.id,
    topic: c.topic,
    messageEncoding: c.messageEncoding,
    schemaName: reader.schemasById.get(c.schemaId)?.name ?? "",
    schemaEncoding: reader.schemasById.get(c.schemaId)?.encoding ?? "",
  }));
const indexedTimes = {};
let indexedBytes = 0;
for await (const m of reader.readMessages()) {
  (indexedTimes[m.channelId] ??= []).push(m.logTime.toString());
  indexedBytes += m.data.byteLength;
}
const s = reader.statistics;
out.indexed = {
  profile: reader.header.profile,
  library: reader.header.library,
  channels,
  chunkCount: reader.chunkIndexes.length,
  statistics: s && {
    messageCount: s.messageCount.toString(),
    channelCount: s.channelCount,
    schemaCount: s.schemaCount,
    chunkCount: s.chunkCount,
    messageStartTime: s.messageStartTime.toString(),
    messageEndTime: s.messageEndTime.toString(),
  },
  logTimes: indexedTimes,
  dataBytes: indexedBytes,
};
}
await handle.close();

const stream = new McapStreamReader({ validateCrcs: true });
stream.append(await readFile(path));
const streamTimes = {};
const recordTypes = {};
let rec;
while ((rec = stream.nextRecord())) {
  recordTypes[rec.type] = (recordTypes[rec.type] ?? 0) + 1;
  if (rec.type === "Message") (streamTimes[rec.channelId] ??= []).push(rec.logTime.toString());
}
out.stream = { done: stream.done(), recordTypes, logTimes: streamTimes };
console.log(JSON.stringify(out));
