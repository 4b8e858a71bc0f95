package dev.trident.runtime.replay;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that keeps its capacity across {@link #reset()}, so per-frame message
 * bodies (JSON with a base64 JPEG, decoded JPEG bytes) reuse one buffer. Not thread-safe.
 */
public final class ByteArrayBuilder extends OutputStream {
    private byte[] buf;
    private int size;

    public ByteArrayBuilder(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public byte[] array() {
        return buf;
    }

    public int size() {
        return size;
    }

    public ByteArrayBuilder reset() {
        size = 0;
        return this;
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(2L * buf.length, (long) size + more)));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    public ByteArrayBuilder ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A JSON string literal (quotes, escapes for quote, backslash and control characters). */
    public ByteArrayBuilder jsonString(String s) {
        write('"');
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte c : b) {
            if (c == '"' || c == '\\') {
                write('\\');
                write(c);
            } else if (c >= 0 && c < 0x20) {
                ascii(String.format("\\u%04x", (int) c));
            } else {
                write(c);
            }
        }
        write('"');
        return this;
    }

    public ByteArrayBuilder number(long v) {
        return ascii(Long.toString(v));
    }

    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);

    /** Appends {@code src[off, off+len)} as standard padded base64 (RFC 4648). */
    public ByteArrayBuilder base64(byte[] src, int off, int len) {
        ensure((len + 2) / 3 * 4);
        int i = off;
        int end = off + len;
        while (end - i >= 3) {
            int v = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
            buf[size++] = BASE64[v >>> 18];
            buf[size++] = BASE64[(v >>> 12) & 63];
            buf[size++] = BASE64[(v >>> 6) & 63];
            buf[size++] = BASE64[v & 63];
            i += 3;
        }
        if (end - i == 1) {
            int v = (src[i] & 0xff) << 16;
            buf[size++] = BASE64[v >>> 18];
            buf[size++] = BASE64[(v >>> 12) & 63];
            buf[size++] = '=';
            buf[size++] = '=';
        } else if (end - i == 2) {
            int v = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8;
            buf[size++] = BASE64[v >>> 18];
            buf[size++] = BASE64[(v >>> 12) & 63];
            buf[size++] = BASE64[(v >>> 6) & 63];
            buf[size++] = '=';
        }
        return this;
    }
}
