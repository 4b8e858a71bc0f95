package dev.trident.runtime.mcap;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * Walks a file's data section record by record without trusting any summary: what a reader does
 * for a file whose recording never finished, and what {@link McapRepair} builds a summary from.
 * Every chunk is read and its CRC checked; the walk stops at Data End, at the end of the file, at
 * a record whose length runs past the end (a truncated write) or at a record that does not parse
 * (corruption), and says which.
 *
 * <p>Not thread-safe; one scan per instance.
 */
final class McapScan {
    enum End {
        /** a Data End record: the data section is complete */
        DATA_END,
        /** the file ends exactly after a complete record */
        END_OF_FILE,
        /** the last record is cut short */
        TRUNCATED,
        /** a record does not parse or fails its CRC */
        CORRUPT
    }

    final McapSummary summary = new McapSummary();
    /** File offset just past the last complete, valid record (where a repair cuts). */
    long goodEnd;
    End end;
    String endDetail = "";
    long headerEnd;
    String profile = "";
    String library = "";
    /** Offset of Data End when {@link #end} is DATA_END. */
    long dataEndOffset = -1;

    // the last chunk, for regenerating its message indexes if the ones after it are incomplete
    long lastChunkEnd = -1;
    boolean lastChunkIndexesComplete = true;
    /** The scan ended right after the last chunk or inside its Message Index group. */
    boolean tailInIndexGroup;
    final Map<Integer, long[]> lastChunkEntries = new TreeMap<>();
    final Map<Integer, Integer> lastChunkCounts = new TreeMap<>();
    private McapChunkIndex lastChunk;
    private final Set<Integer> lastChunkIndexed = new TreeSet<>();
    private final Map<Integer, Long> lastChunkIndexOffsets = new TreeMap<>();
    private long lastChunkIndexLength;

    private final McapFile file;
    private final byte[] prefix = new byte[Mcap.RECORD_PREFIX];
    private final long[] len = new long[1];
    private final ByteSource src = new ByteSource();
    private final ByteSource inner = new ByteSource();
    private byte[] buf = new byte[1 << 16];

    McapScan(McapFile file) {
        this.file = file;
    }

    McapScan run() {
        McapReader.checkMagic(file);
        long pos = Mcap.MAGIC.length;
        int op = file.prefix(pos, prefix, len);
        if (op != Mcap.OP_HEADER || len[0] > file.size - pos - Mcap.RECORD_PREFIX || len[0] > McapFile.MAX_RECORD) {
            throw new McapException(file.path + " is not a valid MCAP file: the record after the magic is not a Header");
        }
        byte[] h = load(pos + Mcap.RECORD_PREFIX, (int) len[0]);
        src.reset(h, 0, (int) len[0], "Header", pos);
        profile = src.string();
        library = src.string();
        pos += Mcap.RECORD_PREFIX + len[0];
        headerEnd = pos;
        goodEnd = pos;
        while (true) {
            if (pos == file.size) {
                finish(End.END_OF_FILE, "");
                return this;
            }
            if (file.size - pos < Mcap.RECORD_PREFIX) {
                finish(End.TRUNCATED, (file.size - pos) + " trailing bytes at " + pos + " are an incomplete record");
                return this;
            }
            op = file.prefix(pos, prefix, len);
            long content = len[0];
            if (content < 0 || content > file.size - pos - Mcap.RECORD_PREFIX) {
                finish(End.TRUNCATED, "the " + Mcap.opcodeName(op) + " record at byte " + pos + " is cut short ("
                        + Long.toUnsignedString(content) + " bytes declared, " + (file.size - pos - Mcap.RECORD_PREFIX) + " present)");
                return this;
            }
            if (op == Mcap.OP_DATA_END) {
                dataEndOffset = pos;
                finish(End.DATA_END, "");
                return this;
            }
            if (op == Mcap.OP_FOOTER || op == 0) {
                finish(End.CORRUPT, "unexpected " + Mcap.opcodeName(op) + " record at byte " + pos + " inside the data section");
                return this;
            }
            try {
                record(op, pos, content);
            } catch (McapException e) {
                finish(End.CORRUPT, e.getMessage());
                return this;
            }
            pos += Mcap.RECORD_PREFIX + content;
            goodEnd = pos;
        }
    }

    private void record(int op, long pos, long content) {
        if (op != Mcap.OP_MESSAGE_INDEX) {
            closeChunkIndexGroup();
        }
        switch (op) {
            case Mcap.OP_SCHEMA -> {
                byte[] b = load(pos + Mcap.RECORD_PREFIX, checkedSize(op, pos, content));
                McapSchema s = McapRecords.schema(src.reset(b, 0, (int) content, "Schema", pos));
                if (s.id() != 0) {
                    summary.schemas.putIfAbsent(s.id(), s);
                }
            }
            case Mcap.OP_CHANNEL -> {
                byte[] b = load(pos + Mcap.RECORD_PREFIX, checkedSize(op, pos, content));
                McapChannel c = McapRecords.channel(src.reset(b, 0, (int) content, "Channel", pos));
                summary.channels.putIfAbsent(c.id(), c);
            }
            case Mcap.OP_MESSAGE -> {
                if (content < Mcap.MESSAGE_FIXED) {
                    throw new McapException("Message record at byte " + pos + " is shorter than its fixed fields");
                }
                byte[] b = load(pos + Mcap.RECORD_PREFIX, Mcap.MESSAGE_FIXED);
                src.reset(b, 0, Mcap.MESSAGE_FIXED, "Message", pos);
                int channel = src.u16();
                src.u32();
                summary.onMessage(channel, src.u64());
            }
            case Mcap.OP_CHUNK -> chunk(pos, content);
            case Mcap.OP_MESSAGE_INDEX -> {
                if (lastChunk != null && pos >= lastChunkEnd) {
                    byte[] b = load(pos + Mcap.RECORD_PREFIX, checkedSize(op, pos, content));
                    src.reset(b, 0, (int) content, "MessageIndex", pos);
                    int channel = src.u16();
                    lastChunkIndexed.add(channel);
                    lastChunkIndexOffsets.put(channel, pos);
                    lastChunkIndexLength += Mcap.RECORD_PREFIX + content;
                }
            }
            default -> {
                // attachments, metadata, private records: not needed for replay or repair
            }
        }
    }

    private void chunk(long pos, long content) {
        int n = checkedSize(Mcap.OP_CHUNK, pos, content);
        byte[] b = load(pos + Mcap.RECORD_PREFIX, n);
        byte[] records = b; // uncompressed: the records are a slice of the chunk content
        src.reset(b, 0, n, "Chunk", pos);
        long start = src.u64();
        long endTime = src.u64();
        long uncompressed = src.u64();
        long crc = src.u32();
        String compression = src.string();
        long recordsLength = src.u64();
        if (!compression.isEmpty()) {
            throw new McapException("Chunk at byte " + pos + " is compressed with '" + compression
                    + "'; Trident reads uncompressed chunks only (rewrite the file without chunk compression)");
        }
        if (recordsLength != src.remaining() || uncompressed != recordsLength) {
            throw new McapException("Chunk at byte " + pos + " declares " + recordsLength + " bytes of records but holds "
                    + src.remaining());
        }
        int from = src.position();
        if (crc != 0) {
            CRC32 c = new CRC32();
            c.update(records, from, (int) recordsLength);
            if (c.getValue() != crc) {
                throw new McapException("Chunk at byte " + pos + " fails its CRC check (stored " + crc + ", computed "
                        + c.getValue() + "): the file is corrupt there");
            }
        }
        lastChunkEntries.clear();
        lastChunkCounts.clear();
        int p = from;
        int stop = from + (int) recordsLength;
        while (p < stop) {
            if (stop - p < Mcap.RECORD_PREFIX) {
                throw new McapException("Chunk at byte " + pos + " ends inside a record");
            }
            int op = records[p] & 0xff;
            long l = ByteSource.u64(records, p + 1);
            if (l < 0 || l > stop - p - Mcap.RECORD_PREFIX) {
                throw new McapException("a record inside the Chunk at byte " + pos + " runs past the chunk's end");
            }
            int c0 = p + Mcap.RECORD_PREFIX;
            switch (op) {
                case Mcap.OP_SCHEMA -> {
                    McapSchema s = McapRecords.schema(inner.reset(records, c0, (int) l, "Schema", pos));
                    if (s.id() != 0) {
                        summary.schemas.putIfAbsent(s.id(), s);
                    }
                }
                case Mcap.OP_CHANNEL -> {
                    McapChannel ch = McapRecords.channel(inner.reset(records, c0, (int) l, "Channel", pos));
                    summary.channels.putIfAbsent(ch.id(), ch);
                }
                case Mcap.OP_MESSAGE -> {
                    inner.reset(records, c0, (int) l, "Message", pos);
                    int channel = inner.u16();
                    inner.u32();
                    long t = inner.u64();
                    summary.onMessage(channel, t);
                    int k = lastChunkCounts.getOrDefault(channel, 0);
                    long[] e = lastChunkEntries.get(channel);
                    if (e == null || e.length < 2 * (k + 1)) {
                        e = e == null ? new long[64] : Arrays.copyOf(e, e.length * 2);
                        lastChunkEntries.put(channel, e);
                    }
                    e[2 * k] = t;
                    e[2 * k + 1] = p - from;
                    lastChunkCounts.put(channel, k + 1);
                }
                default -> {
                }
            }
            p = c0 + (int) l;
        }
        long chunkLength = Mcap.RECORD_PREFIX + content;
        lastChunk = new McapChunkIndex(start, endTime, pos, chunkLength, Map.of(), 0, compression, recordsLength, uncompressed);
        lastChunkEnd = pos + chunkLength;
        lastChunkIndexed.clear();
        lastChunkIndexOffsets.clear();
        lastChunkIndexLength = 0;
        lastChunkIndexesComplete = lastChunkCounts.isEmpty();
        summary.chunkIndexes.add(lastChunk);
    }

    /** After a chunk's Message Index group: records whether it covers every channel, and the offsets. */
    private void closeChunkIndexGroup() {
        if (lastChunk == null) {
            return;
        }
        boolean complete = lastChunkIndexed.containsAll(lastChunkCounts.keySet());
        lastChunkIndexesComplete = complete;
        int i = summary.chunkIndexes.size() - 1;
        summary.chunkIndexes.set(i, new McapChunkIndex(lastChunk.messageStartTime(), lastChunk.messageEndTime(),
                lastChunk.chunkStartOffset(), lastChunk.chunkLength(), complete ? new LinkedHashMap<>(lastChunkIndexOffsets) : Map.of(),
                complete ? lastChunkIndexLength : 0, lastChunk.compression(), lastChunk.compressedSize(),
                lastChunk.uncompressedSize()));
        lastChunk = null;
    }

    private void finish(End how, String detail) {
        tailInIndexGroup = lastChunk != null;
        closeChunkIndexGroup();
        end = how;
        endDetail = detail;
    }

    private int checkedSize(int op, long pos, long content) {
        if (content > McapFile.MAX_RECORD) {
            throw new McapException(Mcap.opcodeName(op) + " record at byte " + pos + " is " + content
                    + " bytes, more than the " + (McapFile.MAX_RECORD >> 20) + " MiB this reader loads");
        }
        return (int) content;
    }

    private byte[] load(long at, int n) {
        if (buf.length < n) {
            buf = new byte[Math.max(n, buf.length * 2)];
        }
        file.readFully(at, buf, 0, n);
        return buf;
    }
}
