package dev.trident.runtime.mcap;

/**
 * A view of one Message record, refilled by {@link McapReader.MessageCursor#next()}: the data lies
 * in the cursor's reused buffer ({@link #buffer()} from {@link #offset()}, {@link #length()} bytes)
 * and is valid only until the next call. Copy what must outlive it.
 *
 * <p>Not thread-safe.
 */
public final class McapMessage {
    int channelId;
    long sequence;
    long logTime;
    long publishTime;
    byte[] buffer;
    int offset;
    int length;
    long recordOffset;

    public int channelId() {
        return channelId;
    }

    /** The writer's per-channel counter (uint32). */
    public long sequence() {
        return sequence;
    }

    /** Log time, ns (Trident writes ns since the Unix epoch). */
    public long logTime() {
        return logTime;
    }

    public long publishTime() {
        return publishTime;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** A copy of the data. */
    public byte[] data() {
        return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
    }

    /** File offset of the Message record, or of the Chunk holding it. */
    public long recordOffset() {
        return recordOffset;
    }
}
