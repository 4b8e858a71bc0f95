package dev.trident.runtime.ingest;

import dev.trident.runtime.TridentException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One frame pushed to a daemon's {@code WS /ws/ingest} endpoint, as one binary WebSocket message:
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "TRDI"
 *      4     1  version = 1
 *      5     1  flags (0; reserved)
 *      6     2  reserved (0)
 *      8     8  seq, signed 64-bit big-endian (the sender's frame number)
 *     16     8  capture time, nanoseconds since the Unix epoch, signed 64-bit big-endian
 *     24     n  the frame as a JPEG (or PNG) file
 * </pre>
 *
 * Stateless; thread-safe.
 *
 * @param seq             the sender's frame number
 * @param captureEpochNanos capture time in nanoseconds since the Unix epoch
 * @param image           the encoded image bytes (JPEG or PNG)
 */
public record IngestMessage(long seq, long captureEpochNanos, byte[] image) {
    public static final int HEADER_BYTES = 24;
    private static final int MAGIC = 0x54524449; // "TRDI"
    private static final byte VERSION = 1;

    /** The message as bytes, header then image. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + image.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).put(VERSION).put((byte) 0).putShort((short) 0).putLong(seq).putLong(captureEpochNanos).put(image);
        return b.array();
    }

    /**
     * Parses a message; throws a {@link TridentException} naming what is wrong for a message that
     * is too short, has the wrong magic or version, or carries no image.
     */
    public static IngestMessage decode(ByteBuffer message) {
        ByteBuffer b = message.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (b.remaining() < HEADER_BYTES) {
            throw new TridentException("ingest message has " + b.remaining() + " bytes, less than its " + HEADER_BYTES
                    + "-byte header");
        }
        int magic = b.getInt();
        if (magic != MAGIC) {
            throw new TridentException("ingest message does not start with the magic \"TRDI\"; send the documented binary format");
        }
        byte version = b.get();
        if (version != VERSION) {
            throw new TridentException("ingest message version " + version + " is not supported (this daemon reads version 1)");
        }
        b.get();
        b.getShort();
        long seq = b.getLong();
        long capture = b.getLong();
        if (!b.hasRemaining()) {
            throw new TridentException("ingest message " + seq + " carries no image after its header");
        }
        byte[] image = new byte[b.remaining()];
        b.get(image);
        return new IngestMessage(seq, capture, image);
    }
}
