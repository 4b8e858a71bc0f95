package dev.trident.runtime.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trident.runtime.TridentException;
import java.io.IOException;

/**
 * {@code foxglove.CompressedImage} messages in JSON encoding (the {@code data} field base64):
 * {@code {"timestamp":{"sec":S,"nsec":N},"frame_id":"camera","format":"jpeg","data":"..."}}.
 * Encodes into and decodes out of reused buffers (no frame-sized allocation per message once the
 * buffers have grown to the frame size).
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class CompressedImageJson {
    private static final JsonFactory JSON = new JsonFactory();

    private final ByteArrayBuilder message = new ByteArrayBuilder(256 * 1024);
    private final ByteArrayBuilder image = new ByteArrayBuilder(192 * 1024);
    private long timestampNanos;
    private String format = "";
    private String frameId = "";

    /** Encodes a message; the returned buffer is reused by the next call. */
    public ByteArrayBuilder encode(long epochNanos, String frameId, String format, byte[] data, int offset, int length) {
        message.reset();
        message.ascii("{\"timestamp\":");
        time(message, epochNanos);
        message.ascii(",\"frame_id\":").jsonString(frameId);
        message.ascii(",\"format\":").jsonString(format);
        message.ascii(",\"data\":\"").base64(data, offset, length).ascii("\"}");
        return message;
    }

    static void time(ByteArrayBuilder out, long epochNanos) {
        out.ascii("{\"sec\":").number(Math.floorDiv(epochNanos, 1_000_000_000L))
                .ascii(",\"nsec\":").number(Math.floorMod(epochNanos, 1_000_000_000L)).write('}');
    }

    /**
     * Decodes a message; afterwards {@link #image()}, {@link #format()}, {@link #timestampNanos()}
     * describe it.
     *
     * @param where names the message in errors (e.g. "message 12 of drive.mcap")
     * @throws TridentException if it is not a CompressedImage in JSON with a data field
     */
    public void decode(byte[] buf, int offset, int length, String where) {
        image.reset();
        timestampNanos = 0;
        format = "";
        frameId = "";
        boolean data = false;
        try (JsonParser p = JSON.createParser(buf, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TridentException(where + " is not a JSON object; expected a foxglove.CompressedImage in JSON encoding");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "timestamp" -> {
                        if (t != JsonToken.START_OBJECT) {
                            throw new TridentException(where + ": timestamp is not an object {sec, nsec}");
                        }
                        long sec = 0;
                        long nsec = 0;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if (f.equals("sec")) {
                                sec = p.getLongValue();
                            } else if (f.equals("nsec")) {
                                nsec = p.getLongValue();
                            } else {
                                p.skipChildren();
                            }
                        }
                        timestampNanos = sec * 1_000_000_000L + nsec;
                    }
                    case "format" -> format = p.getValueAsString("");
                    case "frame_id" -> frameId = p.getValueAsString("");
                    case "data" -> {
                        if (t != JsonToken.VALUE_STRING) {
                            throw new TridentException(where + ": data is not a base64 string");
                        }
                        p.readBinaryValue(image);
                        data = true;
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new TridentException(where + " is not a valid foxglove.CompressedImage JSON message (" + oneLine(e) + ")", e);
        }
        if (!data || image.size() == 0) {
            throw new TridentException(where + " carries no image data (no \"data\" field)");
        }
    }

    static String oneLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The decoded image bytes (reused buffer). */
    public ByteArrayBuilder image() {
        return image;
    }

    public String format() {
        return format;
    }

    public String frameId() {
        return frameId;
    }

    public long timestampNanos() {
        return timestampNanos;
    }
}
