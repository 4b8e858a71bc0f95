package dev.trident.runtime.mcap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * What a file's summary section says, collected while writing (or while scanning a damaged file
 * for repair), and the bytes that end a file: Data End, the summary section (schemas, channels,
 * statistics, chunk indexes, grouped by opcode), the summary offset section, the Footer with its
 * CRC, and the trailing magic. Not thread-safe.
 */
final class McapSummary {
    final Map<Integer, McapSchema> schemas = new LinkedHashMap<>();
    final Map<Integer, McapChannel> channels = new LinkedHashMap<>();
    final List<McapChunkIndex> chunkIndexes = new ArrayList<>();
    private final Map<Integer, Long> channelCounts = new TreeMap<>();
    private long messageCount;
    private long start = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;

    void onMessage(int channelId, long logTime) {
        messageCount++;
        channelCounts.merge(channelId, 1L, Long::sum);
        start = Math.min(start, logTime);
        end = Math.max(end, logTime);
    }

    long messageCount() {
        return messageCount;
    }

    McapStatistics statistics() {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        for (int id : channels.keySet()) {
            counts.put(id, channelCounts.getOrDefault(id, 0L));
        }
        return new McapStatistics(messageCount, schemas.size(), channels.size(), chunkIndexes.size(),
                messageCount == 0 ? 0 : start, messageCount == 0 ? 0 : end, counts);
    }

    /**
     * Appends the end of a file to {@code out}: Data End (with {@code dataCrc}, the CRC32 of every
     * byte before it), the summary, the summary offsets, the Footer and the magic.
     *
     * @param dataEndOffset the file offset at which the Data End record will start
     */
    void writeTail(ByteSink out, long dataEndOffset, int dataCrc) {
        int base = out.size();
        int at = out.beginRecord(Mcap.OP_DATA_END);
        out.u32(dataCrc & 0xffffffffL);
        out.endRecord(at);

        int summaryStart = out.size();
        List<long[]> groups = new ArrayList<>(); // {opcode, start in out, length}
        int g = out.size();
        for (McapSchema s : schemas.values()) {
            McapRecords.schema(out, s);
        }
        addGroup(groups, Mcap.OP_SCHEMA, g, out.size());
        g = out.size();
        for (McapChannel c : channels.values()) {
            McapRecords.channel(out, c);
        }
        addGroup(groups, Mcap.OP_CHANNEL, g, out.size());
        g = out.size();
        McapRecords.statistics(out, statistics());
        addGroup(groups, Mcap.OP_STATISTICS, g, out.size());
        g = out.size();
        for (McapChunkIndex c : chunkIndexes) {
            McapRecords.chunkIndex(out, c);
        }
        addGroup(groups, Mcap.OP_CHUNK_INDEX, g, out.size());

        long fileBase = dataEndOffset - base; // file offset of out[0]
        int summaryOffsetStart = out.size();
        for (long[] grp : groups) {
            McapRecords.summaryOffset(out, (int) grp[0], fileBase + grp[1], grp[2]);
        }
        // the footer's length is known (20): written directly, since the CRC covers it
        out.u8(Mcap.OP_FOOTER).u64(20);
        out.u64(fileBase + summaryStart).u64(fileBase + summaryOffsetStart);
        CRC32 crc = new CRC32();
        crc.update(out.array(), summaryStart, out.size() - summaryStart);
        out.u32(crc.getValue());
        out.bytes(Mcap.MAGIC, 0, Mcap.MAGIC.length);
    }

    private static void addGroup(List<long[]> groups, int opcode, int from, int to) {
        if (to > from) {
            groups.add(new long[] {opcode, from, to - from});
        }
    }
}
