package dev.trident.runtime.mcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes an MCAP file (https://mcap.dev/spec): magic, Header, Schema and Channel records in the
 * data section as they are added, Message records batched into uncompressed Chunks each followed
 * by its Message Index records, then on {@link #close()} Data End (with the data section CRC), a
 * summary (schemas, channels, Statistics, Chunk Indexes), Summary Offsets, the Footer (with the
 * summary CRC) and the trailing magic.
 *
 * <p>Crash safety: a chunk and its message indexes go to the file in one gathering write when the
 * chunk is full (by size or by time span), and are forced to the device when
 * {@link Options#syncChunks()}; a process killed at any point keeps every message of every chunk
 * written before, and {@link McapRepair} turns such a file into a complete one. Messages of the
 * open chunk live only in memory until it is written.
 *
 * <p>Not thread-safe: one writing thread.
 */
public final class McapWriter implements AutoCloseable {
    /**
     * @param chunkBytes  a chunk is written once its records reach this size
     * @param chunkNanos  ... or once it spans this much log time (bounds what a crash can lose)
     * @param syncChunks  force each written chunk to the storage device (survives power loss, not just a kill)
     * @param library     the Header's library string
     */
    public record Options(int chunkBytes, long chunkNanos, boolean syncChunks, String library) {
        public Options {
            if (chunkBytes < 1024) {
                throw new IllegalArgumentException("MCAP chunk size must be at least 1024 bytes, got " + chunkBytes);
            }
            if (chunkNanos <= 0) {
                throw new IllegalArgumentException("MCAP chunk duration must be positive, got " + chunkNanos + " ns");
            }
        }

        /** 1 MiB or 1 s chunks, synced; library "trident". */
        public static Options defaults() {
            return new Options(1 << 20, 1_000_000_000L, true, "trident 0.1.0");
        }

        public Options withChunkBytes(int bytes) {
            return new Options(bytes, chunkNanos, syncChunks, library);
        }

        public Options withSyncChunks(boolean sync) {
            return new Options(chunkBytes, chunkNanos, sync, library);
        }
    }

    private final Path path;
    private final FileChannel file;
    private final Options options;
    private final CRC32 dataCrc = new CRC32();
    private final McapSummary summary = new McapSummary();
    private final ByteSink direct = new ByteSink(4096);
    private final ByteSink chunk;
    private final ByteSink chunkHead = new ByteSink(64);
    private final ByteSink indexes = new ByteSink(4096);
    private final ByteBuffer[] gather = new ByteBuffer[3];
    private final TreeMap<Integer, long[]> chunkEntries = new TreeMap<>(); // channel → (logTime, offset) pairs
    private final Map<Integer, Integer> chunkEntryCounts = new TreeMap<>();
    private final long[] sequences = new long[65536];
    private long position;
    private long chunkStart = Long.MAX_VALUE;
    private long chunkEnd = Long.MIN_VALUE;
    private int nextSchemaId = 1;
    private int nextChannelId = 0;
    private boolean closed;

    private McapWriter(Path path, FileChannel file, Options options) {
        this.path = path;
        this.file = file;
        this.options = options;
        this.chunk = new ByteSink(options.chunkBytes() + 64 * 1024);
    }

    /** Creates (or truncates) {@code path} and writes the magic and Header at once. */
    public static McapWriter create(Path path, Options options) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new McapException("cannot create MCAP file " + path + " (" + e + "); choose a writable path", e);
        }
        McapWriter w = new McapWriter(path, ch, options);
        try {
            w.direct.reset();
            w.direct.bytes(Mcap.MAGIC, 0, Mcap.MAGIC.length);
            McapRecords.header(w.direct, Mcap.PROFILE, options.library());
            w.writeDirect();
        } catch (RuntimeException e) {
            w.closeQuietly();
            throw e;
        }
        return w;
    }

    public Path path() {
        return path;
    }

    /** Adds a schema (written to the data section now); returns its id. */
    public int addSchema(String name, String encoding, byte[] data) {
        checkOpen();
        if (nextSchemaId > 65535) {
            throw new IllegalStateException("an MCAP file holds at most 65535 schemas");
        }
        McapSchema s = new McapSchema(nextSchemaId++, name, encoding, data.clone());
        summary.schemas.put(s.id(), s);
        direct.reset();
        McapRecords.schema(direct, s);
        writeDirect();
        return s.id();
    }

    /** Adds a channel (written to the data section now); returns its id. */
    public int addChannel(int schemaId, String topic, String messageEncoding, Map<String, String> metadata) {
        checkOpen();
        if (schemaId != 0 && !summary.schemas.containsKey(schemaId)) {
            throw new IllegalArgumentException("channel " + topic + " refers to schema " + schemaId + ", which was not added");
        }
        if (nextChannelId > 65535) {
            throw new IllegalStateException("an MCAP file holds at most 65536 channels");
        }
        McapChannel c = new McapChannel(nextChannelId++, schemaId, topic, messageEncoding, metadata);
        summary.channels.put(c.id(), c);
        direct.reset();
        McapRecords.channel(direct, c);
        writeDirect();
        return c.id();
    }

    /** Appends one message to the open chunk; writes the chunk when it is full. */
    public void write(int channelId, long logTime, long publishTime, byte[] data, int offset, int length) {
        checkOpen();
        if (!summary.channels.containsKey(channelId)) {
            throw new IllegalArgumentException("message on channel " + channelId + ", which was not added");
        }
        long recordOffset = chunk.size();
        int at = chunk.beginRecord(Mcap.OP_MESSAGE);
        chunk.u16(channelId).u32(sequences[channelId]++ & 0xffffffffL).u64(logTime).u64(publishTime).bytes(data, offset, length);
        chunk.endRecord(at);
        int n = chunkEntryCounts.getOrDefault(channelId, 0);
        long[] e = chunkEntries.get(channelId);
        if (e == null || e.length < 2 * (n + 1)) {
            e = e == null ? new long[64] : Arrays.copyOf(e, e.length * 2);
            chunkEntries.put(channelId, e);
        }
        e[2 * n] = logTime;
        e[2 * n + 1] = recordOffset;
        chunkEntryCounts.put(channelId, n + 1);
        chunkStart = Math.min(chunkStart, logTime);
        chunkEnd = Math.max(chunkEnd, logTime);
        summary.onMessage(channelId, logTime);
        if (chunk.size() >= options.chunkBytes() || chunkEnd - chunkStart >= options.chunkNanos()) {
            flush();
        }
    }

    public void write(int channelId, long logTime, byte[] data) {
        write(channelId, logTime, logTime, data, 0, data.length);
    }

    /** Writes the open chunk (if it holds anything) and its message indexes. */
    public void flush() {
        checkOpen();
        if (chunk.size() == 0) {
            return;
        }
        int n = chunk.size();
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 0, n);
        chunkHead.reset();
        // content: start, end, uncompressed size, crc, compression "" (4-byte length 0), records length, records
        chunkHead.u8(Mcap.OP_CHUNK).u64(Mcap.CHUNK_FIXED + 4 + 8 + (long) n);
        chunkHead.u64(chunkStart).u64(chunkEnd).u64(n).u32(crc.getValue()).string("").u64(n);
        long chunkOffset = position;
        long chunkLength = chunkHead.size() + (long) n;
        indexes.reset();
        Map<Integer, Long> indexOffsets = new TreeMap<>();
        for (var e : chunkEntries.entrySet()) {
            int count = chunkEntryCounts.getOrDefault(e.getKey(), 0);
            if (count == 0) {
                continue;
            }
            indexOffsets.put(e.getKey(), chunkOffset + chunkLength + indexes.size());
            McapRecords.messageIndex(indexes, e.getKey(), e.getValue(), count);
        }
        gather[0] = chunkHead.asBuffer();
        gather[1] = chunk.asBuffer();
        gather[2] = indexes.asBuffer();
        dataCrc.update(chunkHead.array(), 0, chunkHead.size());
        dataCrc.update(chunk.array(), 0, n);
        dataCrc.update(indexes.array(), 0, indexes.size());
        long total = chunkLength + indexes.size();
        try {
            long written = 0;
            while (written < total) {
                written += file.write(gather);
            }
            if (options.syncChunks()) {
                file.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write MCAP chunk to " + path + ": " + e.getMessage(), e);
        }
        summary.chunkIndexes.add(new McapChunkIndex(chunkStart, chunkEnd, chunkOffset, chunkLength, indexOffsets,
                indexes.size(), "", n, n));
        position += total;
        chunk.reset();
        chunkEntryCounts.clear();
        chunkStart = Long.MAX_VALUE;
        chunkEnd = Long.MIN_VALUE;
    }

    public long messageCount() {
        return summary.messageCount();
    }

    public McapStatistics statistics() {
        return summary.statistics();
    }

    /** Bytes written to the file so far (excluding the open chunk). */
    public long bytesWritten() {
        return position;
    }

    /** Writes the open chunk and the end of the file (summary, footer, magic), then closes it. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush();
            direct.reset();
            summary.writeTail(direct, position, (int) dataCrc.getValue());
            ByteBuffer b = direct.asBuffer();
            while (b.hasRemaining()) {
                file.write(b);
            }
            position += direct.size();
            file.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish MCAP file " + path + ": " + e.getMessage(), e);
        } finally {
            closed = true;
            closeQuietly();
        }
    }

    private void writeDirect() {
        dataCrc.update(direct.array(), 0, direct.size());
        ByteBuffer b = direct.asBuffer();
        try {
            while (b.hasRemaining()) {
                file.write(b);
            }
            if (options.syncChunks()) {
                file.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to MCAP file " + path + ": " + e.getMessage(), e);
        }
        position += direct.size();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("MCAP writer for " + path + " is closed");
        }
    }

    private void closeQuietly() {
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing more to save
        }
    }
}
