package dev.trident.runtime.mcap;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked little-endian reads over a byte range holding one record's content. Every read
 * past the range throws {@link McapException} naming the record, so a corrupt length field can
 * never make a reader run off its buffer. Not thread-safe.
 */
final class ByteSource {
    private byte[] buf;
    private int pos;
    private int end;
    private String what = "record";
    private long fileOffset;

    ByteSource reset(byte[] buf, int offset, int length, String what, long fileOffset) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.what = what;
        this.fileOffset = fileOffset;
        return this;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    void skip(int n) {
        need(n);
        pos += n;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new McapException(what + " record at byte " + fileOffset + " is malformed: a field needs " + n
                    + " bytes but only " + (end - pos) + " remain in the record");
        }
    }

    int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    int u16() {
        need(2);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    long u32() {
        need(4);
        long v = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16 | (buf[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    long u64() {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    /** A uint32 length prefix, checked against what remains. */
    int length32() {
        long n = u32();
        if (n > end - pos) {
            throw new McapException(what + " record at byte " + fileOffset + " is malformed: a length prefix says " + n
                    + " bytes but only " + (end - pos) + " remain in the record");
        }
        return (int) n;
    }

    String string() {
        int n = length32();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    byte[] bytes32() {
        int n = length32();
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xffL);
        }
        return v;
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
