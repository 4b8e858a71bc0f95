package dev.trident.runtime.mcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Completes an MCAP file whose writer never finished (killed, crashed, power lost): scans the data
 * section, cuts it after the last complete record (after the last complete chunk, regenerating
 * that chunk's Message Index records if they were cut short), and appends Data End, a summary
 * rebuilt from the scan (schemas, channels, Statistics, Chunk Indexes), the Footer and the magic.
 * Every message of every complete chunk is kept.
 *
 * <p>Stateless; one call per file at a time (it rewrites the file's tail, or writes {@code out}).
 */
public final class McapRepair {
    /**
     * What a repair did.
     *
     * @param file            the file repaired (the output when one was given)
     * @param alreadyComplete the file had a valid summary; nothing was changed (an output is a plain copy)
     * @param messages        messages in the repaired file
     * @param chunks          chunks in the repaired file
     * @param bytesDropped    bytes of the damaged tail that were cut off
     * @param found           what the scan found at the end of the data
     */
    public record Report(Path file, boolean alreadyComplete, long messages, int chunks, long bytesDropped, String found) {
    }

    private McapRepair() {
    }

    /**
     * Repairs {@code in}, in place when {@code out} is null, else into {@code out} (the input is then
     * left untouched).
     *
     * @throws McapException if {@code in} is missing or not an MCAP file at all
     */
    public static Report repair(Path in, Path out) {
        if (!Files.isRegularFile(in)) {
            throw new McapException("MCAP log not found: " + in);
        }
        try (McapReader existing = McapReader.open(in)) {
            if (existing.indexed()) {
                if (out != null) {
                    copy(in, out);
                }
                McapStatistics st = existing.statistics();
                return new Report(out == null ? in : out, true, st.messageCount(), st.chunkCount(), 0,
                        "the file is complete (valid summary)");
            }
        }
        Path target = out == null ? in : out;
        try {
            if (out != null) {
                copy(in, out);
            }
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                McapScan scan = new McapScan(new McapFile(target, ch, size)).run();
                long cut = scan.end == McapScan.End.DATA_END ? scan.dataEndOffset : scan.goodEnd;
                boolean regenerate = scan.tailInIndexGroup && !scan.lastChunkIndexesComplete;
                if (regenerate) {
                    cut = scan.lastChunkEnd;
                }
                CRC32 crc = prefixCrc(ch, cut);
                ByteSink tail = new ByteSink(64 * 1024);
                if (regenerate) {
                    Map<Integer, Long> offsets = new LinkedHashMap<>();
                    for (var e : scan.lastChunkEntries.entrySet()) {
                        offsets.put(e.getKey(), cut + tail.size());
                        McapRecords.messageIndex(tail, e.getKey(), e.getValue(), scan.lastChunkCounts.get(e.getKey()));
                    }
                    int last = scan.summary.chunkIndexes.size() - 1;
                    McapChunkIndex c = scan.summary.chunkIndexes.get(last);
                    scan.summary.chunkIndexes.set(last, new McapChunkIndex(c.messageStartTime(), c.messageEndTime(),
                            c.chunkStartOffset(), c.chunkLength(), offsets, tail.size(), c.compression(), c.compressedSize(),
                            c.uncompressedSize()));
                    crc.update(tail.array(), 0, tail.size());
                }
                scan.summary.writeTail(tail, cut + tail.size(), (int) crc.getValue());
                ch.truncate(cut);
                ByteBuffer b = tail.asBuffer();
                long p = cut;
                while (b.hasRemaining()) {
                    p += ch.write(b, p);
                }
                ch.force(true);
                String found = switch (scan.end) {
                    case DATA_END -> "a complete data section with a missing or damaged summary";
                    case END_OF_FILE -> "a data section that ends at a record boundary without a summary";
                    case TRUNCATED, CORRUPT -> scan.endDetail;
                };
                McapStatistics st = scan.summary.statistics();
                return new Report(target, false, st.messageCount(), st.chunkCount(), Math.max(0, size - cut), found);
            }
        } catch (NoSuchFileException e) {
            throw new McapException("MCAP log not found: " + in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair " + target + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path in, Path out) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new McapException("cannot write repaired copy " + out + " (" + e.getMessage() + ")", e);
        }
    }

    private static CRC32 prefixCrc(FileChannel ch, long length) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer b = ByteBuffer.allocate(1 << 20);
        long p = 0;
        while (p < length) {
            b.clear();
            b.limit((int) Math.min(b.capacity(), length - p));
            int n = ch.read(b, p);
            if (n < 0) {
                break;
            }
            b.flip();
            crc.update(b);
            p += n;
        }
        return crc;
    }
}
