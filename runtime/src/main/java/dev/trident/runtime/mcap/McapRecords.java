package dev.trident.runtime.mcap;

import java.util.LinkedHashMap;
import java.util.Map;

/** Encoders and decoders of the MCAP record contents Trident writes and reads. Stateless. */
final class McapRecords {
    private McapRecords() {
    }

    static void header(ByteSink s, String profile, String library) {
        int at = s.beginRecord(Mcap.OP_HEADER);
        s.string(profile).string(library);
        s.endRecord(at);
    }

    static void schema(ByteSink s, McapSchema schema) {
        int at = s.beginRecord(Mcap.OP_SCHEMA);
        s.u16(schema.id()).string(schema.name()).string(schema.encoding());
        s.u32(schema.data().length).bytes(schema.data(), 0, schema.data().length);
        s.endRecord(at);
    }

    static McapSchema schema(ByteSource r) {
        return new McapSchema(r.u16(), r.string(), r.string(), r.bytes32());
    }

    static void channel(ByteSink s, McapChannel c) {
        int at = s.beginRecord(Mcap.OP_CHANNEL);
        s.u16(c.id()).u16(c.schemaId()).string(c.topic()).string(c.messageEncoding());
        int map = s.beginPrefixed32();
        // sorted keys: the same channel always serialises to the same bytes
        for (var e : new java.util.TreeMap<>(c.metadata()).entrySet()) {
            s.string(e.getKey()).string(e.getValue());
        }
        s.endPrefixed32(map);
        s.endRecord(at);
    }

    static McapChannel channel(ByteSource r) {
        int id = r.u16();
        int schemaId = r.u16();
        String topic = r.string();
        String encoding = r.string();
        int mapLen = r.length32();
        int end = r.position() + mapLen;
        Map<String, String> meta = new LinkedHashMap<>();
        while (r.position() < end) {
            meta.put(r.string(), r.string());
        }
        return new McapChannel(id, schemaId, topic, encoding, meta);
    }

    static void statistics(ByteSink s, McapStatistics st) {
        int at = s.beginRecord(Mcap.OP_STATISTICS);
        s.u64(st.messageCount()).u16(st.schemaCount()).u32(st.channelCount()).u32(0).u32(0).u32(st.chunkCount());
        s.u64(st.messageStartTime()).u64(st.messageEndTime());
        int map = s.beginPrefixed32();
        for (var e : new java.util.TreeMap<>(st.channelMessageCounts()).entrySet()) {
            s.u16(e.getKey()).u64(e.getValue());
        }
        s.endPrefixed32(map);
        s.endRecord(at);
    }

    static McapStatistics statistics(ByteSource r) {
        long messages = r.u64();
        int schemas = r.u16();
        long channels = r.u32();
        r.u32(); // attachments
        r.u32(); // metadata
        long chunks = r.u32();
        long start = r.u64();
        long end = r.u64();
        int mapLen = r.length32();
        int stop = r.position() + mapLen;
        Map<Integer, Long> counts = new LinkedHashMap<>();
        while (r.position() < stop) {
            counts.put(r.u16(), r.u64());
        }
        return new McapStatistics(messages, schemas, (int) channels, (int) chunks, start, end, counts);
    }

    static void chunkIndex(ByteSink s, McapChunkIndex c) {
        int at = s.beginRecord(Mcap.OP_CHUNK_INDEX);
        s.u64(c.messageStartTime()).u64(c.messageEndTime()).u64(c.chunkStartOffset()).u64(c.chunkLength());
        int map = s.beginPrefixed32();
        for (var e : new java.util.TreeMap<>(c.messageIndexOffsets()).entrySet()) {
            s.u16(e.getKey()).u64(e.getValue());
        }
        s.endPrefixed32(map);
        s.u64(c.messageIndexLength()).string(c.compression()).u64(c.compressedSize()).u64(c.uncompressedSize());
        s.endRecord(at);
    }

    static McapChunkIndex chunkIndex(ByteSource r) {
        long start = r.u64();
        long end = r.u64();
        long offset = r.u64();
        long length = r.u64();
        int mapLen = r.length32();
        int stop = r.position() + mapLen;
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        while (r.position() < stop) {
            offsets.put(r.u16(), r.u64());
        }
        long indexLength = r.u64();
        String compression = r.string();
        return new McapChunkIndex(start, end, offset, length, offsets, indexLength, compression, r.u64(), r.u64());
    }

    /** A Message Index record for one channel of a chunk: (log time, offset in the chunk's records) pairs. */
    static void messageIndex(ByteSink s, int channelId, long[] entries, int count) {
        int at = s.beginRecord(Mcap.OP_MESSAGE_INDEX);
        s.u16(channelId);
        s.u32((long) count * 16);
        for (int i = 0; i < count; i++) {
            s.u64(entries[2 * i]).u64(entries[2 * i + 1]);
        }
        s.endRecord(at);
    }

    static void summaryOffset(ByteSink s, int opcode, long start, long length) {
        int at = s.beginRecord(Mcap.OP_SUMMARY_OFFSET);
        s.u8(opcode).u64(start).u64(length);
        s.endRecord(at);
    }
}
