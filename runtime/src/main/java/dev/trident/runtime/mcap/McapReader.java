package dev.trident.runtime.mcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Reads an MCAP file (https://mcap.dev/spec) with uncompressed chunks.
 *
 * <p>On open it checks the leading magic and Header, then uses the summary the Footer points to
 * (schemas, channels, Statistics, Chunk Indexes; summary CRC checked). A file without a usable
 * summary — a recording that was killed, or one whose tail is damaged — is read by scanning the
 * data section instead ({@link #damage()} says what was found); the scan stops cleanly at the
 * last complete record. Every length read from the file is checked against the file size before
 * anything is allocated or read, so a corrupt file gives a {@link McapException}, never a hang or
 * an out-of-memory error.
 *
 * <p>Messages are read in file order by a {@link MessageCursor} (the order a live recording wrote
 * them); each chunk's CRC is checked when it is loaded.
 *
 * <p>Threading: the metadata accessors are immutable after open and safe from any thread; each
 * cursor is confined to one thread (several cursors may run at once); {@link #close()} after the
 * cursors are done.
 */
public final class McapReader implements AutoCloseable {
    private final McapFile file;
    private final String profile;
    private final String library;
    private final Map<Integer, McapSchema> schemas;
    private final Map<Integer, McapChannel> channels;
    private final List<McapChunkIndex> chunkIndexes;
    private final McapStatistics statistics;
    private final boolean fromSummary;
    private final long dataStart;
    private final long dataEnd;
    private final String damage;

    private McapReader(McapFile file, String profile, String library, Map<Integer, McapSchema> schemas,
                       Map<Integer, McapChannel> channels, List<McapChunkIndex> chunkIndexes, McapStatistics statistics,
                       boolean fromSummary, long dataStart, long dataEnd, String damage) {
        this.file = file;
        this.profile = profile;
        this.library = library;
        this.schemas = Collections.unmodifiableMap(schemas);
        this.channels = Collections.unmodifiableMap(channels);
        this.chunkIndexes = List.copyOf(chunkIndexes);
        this.statistics = statistics;
        this.fromSummary = fromSummary;
        this.dataStart = dataStart;
        this.dataEnd = dataEnd;
        this.damage = damage;
    }

    /**
     * Opens {@code path}.
     *
     * @throws McapException if it is missing, not an MCAP file, or its data section cannot be read
     */
    public static McapReader open(Path path) {
        FileChannel ch;
        long size;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
            size = ch.size();
        } catch (NoSuchFileException e) {
            throw new McapException("MCAP log not found: " + path);
        } catch (IOException e) {
            throw new McapException("cannot open MCAP log " + path + " (" + e.getMessage() + ")", e);
        }
        if (Files.isDirectory(path)) {
            closeQuietly(ch);
            throw new McapException(path + " is a folder, not an MCAP log");
        }
        McapFile f = new McapFile(path, ch, size);
        try {
            McapReader r = fromSummary(f);
            return r != null ? r : fromScan(f, null);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    static void checkMagic(McapFile f) {
        if (f.size < Mcap.MAGIC.length + Mcap.RECORD_PREFIX) {
            throw new McapException(f.path + " is not an MCAP file: only " + f.size + " bytes");
        }
        byte[] m = new byte[Mcap.MAGIC.length];
        f.readFully(0, m, 0, m.length);
        if (!Arrays.equals(m, Mcap.MAGIC)) {
            throw new McapException(f.path + " is not an MCAP file: it does not start with the MCAP magic bytes");
        }
    }

    /** The reader built from the summary, or null when the file has no usable summary. */
    private static McapReader fromSummary(McapFile f) {
        checkMagic(f);
        long minimal = Mcap.MAGIC.length + Mcap.RECORD_PREFIX + Mcap.DATA_END_RECORD + Mcap.FOOTER_RECORD + Mcap.MAGIC.length;
        if (f.size < minimal) {
            return null;
        }
        byte[] tail = new byte[Mcap.FOOTER_RECORD + Mcap.MAGIC.length];
        long footerAt = f.size - tail.length;
        f.readFully(footerAt, tail, 0, tail.length);
        if (!Arrays.equals(Arrays.copyOfRange(tail, Mcap.FOOTER_RECORD, tail.length), Mcap.MAGIC)
                || (tail[0] & 0xff) != Mcap.OP_FOOTER || ByteSource.u64(tail, 1) != 20) {
            return null;
        }
        long summaryStart = ByteSource.u64(tail, 9);
        long summaryOffsetStart = ByteSource.u64(tail, 17);
        long summaryCrc = ByteSource.u32(tail, 25);
        if (summaryStart == 0) {
            return null; // valid, but unindexed: scan
        }
        long headerEnd = Mcap.MAGIC.length + Mcap.RECORD_PREFIX; // at least
        if (summaryStart < headerEnd + Mcap.DATA_END_RECORD || summaryStart > footerAt
                || (summaryOffsetStart != 0 && (summaryOffsetStart < summaryStart || summaryOffsetStart > footerAt))) {
            return null;
        }
        long summaryLength = footerAt - summaryStart;
        if (summaryLength > McapFile.MAX_RECORD) {
            return null;
        }
        byte[] summary = new byte[(int) summaryLength + 1 + 8 + 16];
        f.readFully(summaryStart, summary, 0, summary.length);
        if (summaryCrc != 0) {
            CRC32 crc = new CRC32();
            crc.update(summary, 0, summary.length);
            if (crc.getValue() != summaryCrc) {
                return null;
            }
        }
        long dataEndAt = summaryStart - Mcap.DATA_END_RECORD;
        byte[] de = new byte[Mcap.RECORD_PREFIX];
        f.readFully(dataEndAt, de, 0, de.length);
        if ((de[0] & 0xff) != Mcap.OP_DATA_END || ByteSource.u64(de, 1) != 4) {
            return null;
        }
        Map<Integer, McapSchema> schemas = new LinkedHashMap<>();
        Map<Integer, McapChannel> channels = new LinkedHashMap<>();
        List<McapChunkIndex> chunks = new java.util.ArrayList<>();
        McapStatistics stats = null;
        int end = (int) ((summaryOffsetStart == 0 ? footerAt : summaryOffsetStart) - summaryStart);
        int p = 0;
        ByteSource src = new ByteSource();
        try {
            while (p < end) {
                if (end - p < Mcap.RECORD_PREFIX) {
                    return null;
                }
                int op = summary[p] & 0xff;
                long len = ByteSource.u64(summary, p + 1);
                if (len < 0 || len > end - p - Mcap.RECORD_PREFIX) {
                    return null;
                }
                int c = p + Mcap.RECORD_PREFIX;
                src.reset(summary, c, (int) len, Mcap.opcodeName(op), summaryStart + p);
                switch (op) {
                    case Mcap.OP_SCHEMA -> {
                        McapSchema s = McapRecords.schema(src);
                        if (s.id() != 0) {
                            schemas.put(s.id(), s);
                        }
                    }
                    case Mcap.OP_CHANNEL -> {
                        McapChannel ch = McapRecords.channel(src);
                        channels.put(ch.id(), ch);
                    }
                    case Mcap.OP_STATISTICS -> stats = McapRecords.statistics(src);
                    case Mcap.OP_CHUNK_INDEX -> chunks.add(McapRecords.chunkIndex(src));
                    default -> {
                    }
                }
                p = c + (int) len;
            }
        } catch (McapException malformed) {
            return null;
        }
        byte[] hp = new byte[Mcap.RECORD_PREFIX];
        long[] len = new long[1];
        int op = f.prefix(Mcap.MAGIC.length, hp, len);
        if (op != Mcap.OP_HEADER || len[0] < 8 || len[0] > dataEndAt) {
            throw new McapException(f.path + " is not a valid MCAP file: the record after the magic is not a Header");
        }
        byte[] h = new byte[(int) len[0]];
        f.readFully(Mcap.MAGIC.length + Mcap.RECORD_PREFIX, h, 0, h.length);
        src.reset(h, 0, h.length, "Header", Mcap.MAGIC.length);
        String profile = src.string();
        String library = src.string();
        long dataStart = Mcap.MAGIC.length + Mcap.RECORD_PREFIX + len[0];
        if (stats == null) {
            // no Statistics in the summary: count by scanning
            return fromScan(f, null);
        }
        return new McapReader(f, profile, library, schemas, channels, chunks, stats, true, dataStart, dataEndAt, null);
    }

    private static McapReader fromScan(McapFile f, String why) {
        McapScan s = new McapScan(f).run();
        String damage = switch (s.end) {
            case DATA_END -> why;
            case END_OF_FILE -> "no summary (the recording did not finish): read by scanning";
            case TRUNCATED -> "no summary (the recording did not finish): read by scanning; " + s.endDetail
                    + "; the " + (f.size - s.goodEnd) + " bytes from " + s.goodEnd + " on were ignored";
            case CORRUPT -> "no usable summary: read by scanning; " + s.endDetail + "; the "
                    + (f.size - s.goodEnd) + " bytes from " + s.goodEnd + " on were ignored";
        };
        if (s.end == McapScan.End.DATA_END && damage == null) {
            damage = "the summary is missing or damaged: read by scanning";
        }
        return new McapReader(f, s.profile, s.library, s.summary.schemas, s.summary.channels, s.summary.chunkIndexes,
                s.summary.statistics(), false, s.headerEnd, s.end == McapScan.End.DATA_END ? s.dataEndOffset : s.goodEnd,
                damage);
    }

    public Path path() {
        return file.path;
    }

    public long fileSize() {
        return file.size;
    }

    public String profile() {
        return profile;
    }

    public String library() {
        return library;
    }

    public Map<Integer, McapSchema> schemas() {
        return schemas;
    }

    public Map<Integer, McapChannel> channels() {
        return channels;
    }

    /** The channel with this topic, if any. */
    public Optional<McapChannel> channel(String topic) {
        return channels.values().stream().filter(c -> c.topic().equals(topic)).findFirst();
    }

    public List<McapChunkIndex> chunkIndexes() {
        return chunkIndexes;
    }

    /** From the Statistics record, or counted by the scan. */
    public McapStatistics statistics() {
        return statistics;
    }

    /** True when the metadata came from a valid summary; false when the file was scanned. */
    public boolean indexed() {
        return fromSummary;
    }

    /** What was wrong with the file, when it had to be scanned; empty for a complete file. */
    public Optional<String> damage() {
        return Optional.ofNullable(damage);
    }

    /** A cursor over every message in file order. */
    public MessageCursor messages() {
        return messages(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A cursor over the messages with {@code from <= logTime <= to}, in file order. */
    public MessageCursor messages(long from, long to) {
        return new MessageCursor(from, to);
    }

    @Override
    public void close() {
        closeQuietly(file.channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // read-only
        }
    }

    /**
     * Iterates over messages, loading one chunk at a time into a reused buffer (chunks entirely
     * outside the time range are skipped without being read). Confined to one thread.
     */
    public final class MessageCursor {
        private final long from;
        private final long to;
        private final McapMessage message = new McapMessage();
        private final byte[] prefix = new byte[Mcap.RECORD_PREFIX];
        private final byte[] chunkHead = new byte[Mcap.CHUNK_FIXED + 4];
        private final long[] len = new long[1];
        private final CRC32 crc = new CRC32();
        private byte[] buf = new byte[1 << 16];
        private long pos = dataStart;
        private int inChunk = -1; // next record in buf, or -1 when not inside a chunk
        private int chunkStop;
        private long chunkAt;

        private MessageCursor(long from, long to) {
            this.from = from;
            this.to = to;
        }

        /** Advances to the next message in range; false at the end of the data. */
        public boolean next() {
            while (true) {
                if (inChunk >= 0) {
                    if (nextInChunk()) {
                        return true;
                    }
                    inChunk = -1;
                }
                if (pos >= dataEnd) {
                    return false;
                }
                if (dataEnd - pos < Mcap.RECORD_PREFIX) {
                    throw damaged(pos, "an incomplete record");
                }
                int op = file.prefix(pos, prefix, len);
                long content = len[0];
                if (content < 0 || content > dataEnd - pos - Mcap.RECORD_PREFIX) {
                    throw damaged(pos, "a " + Mcap.opcodeName(op) + " record longer than the rest of the data");
                }
                long at = pos;
                pos += Mcap.RECORD_PREFIX + content;
                if (op == Mcap.OP_MESSAGE) {
                    if (content < Mcap.MESSAGE_FIXED || content > McapFile.MAX_RECORD) {
                        throw damaged(at, "a Message record of impossible length " + content);
                    }
                    ensure((int) content);
                    file.readFully(at + Mcap.RECORD_PREFIX, buf, 0, (int) content);
                    if (fill(0, (int) content, at)) {
                        return true;
                    }
                } else if (op == Mcap.OP_CHUNK) {
                    openChunk(at, content);
                }
            }
        }

        /** The current message (valid until the next {@link #next()}). */
        public McapMessage message() {
            return message;
        }

        private void openChunk(long at, long content) {
            if (content < chunkHead.length) {
                throw damaged(at, "a Chunk record shorter than its header");
            }
            file.readFully(at + Mcap.RECORD_PREFIX, chunkHead, 0, chunkHead.length);
            long start = ByteSource.u64(chunkHead, 0);
            long end = ByteSource.u64(chunkHead, 8);
            long compressionLength = ByteSource.u32(chunkHead, Mcap.CHUNK_FIXED);
            if (compressionLength != 0) {
                throw new McapException(file.path + ": the Chunk at byte " + at
                        + " is compressed; Trident reads uncompressed chunks only (rewrite the file without chunk compression)");
            }
            if (end < from || start > to) {
                return; // no message in range
            }
            if (content > McapFile.MAX_RECORD) {
                throw damaged(at, "a Chunk of " + content + " bytes, more than this reader loads");
            }
            ensure((int) content);
            file.readFully(at + Mcap.RECORD_PREFIX, buf, 0, (int) content);
            int p = chunkHead.length;
            long recordsLength = ByteSource.u64(buf, p);
            p += 8;
            if (recordsLength != content - p) {
                throw damaged(at, "a Chunk whose records length disagrees with its record length");
            }
            long stored = ByteSource.u32(buf, 24);
            if (stored != 0) {
                crc.reset();
                crc.update(buf, p, (int) recordsLength);
                if (crc.getValue() != stored) {
                    throw new McapException(file.path + ": the Chunk at byte " + at
                            + " fails its CRC check; the file is corrupt there");
                }
            }
            inChunk = p;
            chunkStop = (int) content;
            chunkAt = at;
        }

        private boolean nextInChunk() {
            while (inChunk < chunkStop) {
                if (chunkStop - inChunk < Mcap.RECORD_PREFIX) {
                    throw damaged(chunkAt, "a Chunk ending inside a record");
                }
                int op = buf[inChunk] & 0xff;
                long l = ByteSource.u64(buf, inChunk + 1);
                if (l < 0 || l > chunkStop - inChunk - Mcap.RECORD_PREFIX) {
                    throw damaged(chunkAt, "a Chunk holding a record that runs past its end");
                }
                int c = inChunk + Mcap.RECORD_PREFIX;
                inChunk = c + (int) l;
                if (op == Mcap.OP_MESSAGE) {
                    if (l < Mcap.MESSAGE_FIXED) {
                        throw damaged(chunkAt, "a Chunk holding a Message shorter than its fixed fields");
                    }
                    if (fill(c, (int) l, chunkAt)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean fill(int c, int l, long recordOffset) {
            message.channelId = (buf[c] & 0xff) | (buf[c + 1] & 0xff) << 8;
            message.sequence = ByteSource.u32(buf, c + 2);
            message.logTime = ByteSource.u64(buf, c + 6);
            message.publishTime = ByteSource.u64(buf, c + 14);
            message.buffer = buf;
            message.offset = c + Mcap.MESSAGE_FIXED;
            message.length = l - Mcap.MESSAGE_FIXED;
            message.recordOffset = recordOffset;
            return message.logTime >= from && message.logTime <= to;
        }

        private void ensure(int n) {
            if (buf.length < n) {
                buf = new byte[Math.max(n, (int) Math.min(McapFile.MAX_RECORD, buf.length * 2L))];
            }
        }

        private McapException damaged(long at, String what) {
            return new McapException(file.path + ": " + what + " at byte " + at + "; the file is damaged — run: trident log repair "
                    + file.path);
        }
    }
}
