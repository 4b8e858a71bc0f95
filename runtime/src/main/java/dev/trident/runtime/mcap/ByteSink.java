package dev.trident.runtime.mcap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer for building MCAP records; {@link #reset()} keeps its
 * capacity so a writer reuses one per purpose. Not thread-safe.
 */
final class ByteSink {
    private byte[] buf;
    private int size;

    ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    byte[] array() {
        return buf;
    }

    void reset() {
        size = 0;
    }

    ByteBuffer asBuffer() {
        return ByteBuffer.wrap(buf, 0, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new McapException("MCAP record buffer would exceed 2 GiB; use smaller chunks or messages");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    ByteSink u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteSink u16(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    ByteSink u32(long v) {
        ensure(4);
        putU32(size, v);
        size += 4;
        return this;
    }

    ByteSink u64(long v) {
        ensure(8);
        putU64(size, v);
        size += 8;
        return this;
    }

    ByteSink bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** A uint32 length-prefixed UTF-8 string. */
    ByteSink string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u32(b.length);
        return bytes(b, 0, b.length);
    }

    /** Starts a record: opcode and a length placeholder; returns the position to pass to {@link #endRecord}. */
    int beginRecord(int opcode) {
        u8(opcode);
        u64(0);
        return size;
    }

    /** Patches the content length of the record begun at {@code contentStart}. */
    void endRecord(int contentStart) {
        putU64(contentStart - 8, size - contentStart);
    }

    /** Reserves a uint32 length prefix (arrays and maps); returns where the content starts. */
    int beginPrefixed32() {
        u32(0);
        return size;
    }

    void endPrefixed32(int contentStart) {
        putU32(contentStart - 4, size - contentStart);
    }

    private void putU32(int at, long v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }

    private void putU64(int at, long v) {
        for (int i = 0; i < 8; i++) {
            buf[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
