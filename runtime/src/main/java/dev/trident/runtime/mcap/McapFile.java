package dev.trident.runtime.mcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Positional, bounds-checked reads of an MCAP file. Thread-safe (positional reads only). */
final class McapFile {
    /** Largest single record this reader loads into memory (chunks included). */
    static final long MAX_RECORD = 512L << 20;

    final Path path;
    final FileChannel channel;
    final long size;

    McapFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    void readFully(long at, byte[] dst, int off, int len) {
        if (at < 0 || at + len > size) {
            throw new McapException(path + ": read of " + len + " bytes at " + at + " runs past the end of the file ("
                    + size + " bytes); the file is truncated — run: trident log repair " + path);
        }
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        try {
            long p = at;
            while (b.hasRemaining()) {
                int n = channel.read(b, p);
                if (n < 0) {
                    throw new McapException(path + ": unexpected end of file at byte " + p + "; run: trident log repair " + path);
                }
                p += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads a record prefix at {@code at}: returns the opcode and stores the content length in {@code len[0]}. */
    int prefix(long at, byte[] scratch, long[] len) {
        readFully(at, scratch, 0, Mcap.RECORD_PREFIX);
        len[0] = ByteSource.u64(scratch, 1);
        return scratch[0] & 0xff;
    }
}
