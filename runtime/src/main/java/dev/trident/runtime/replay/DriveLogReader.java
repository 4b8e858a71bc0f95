package dev.trident.runtime.replay;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.mcap.McapChannel;
import dev.trident.runtime.mcap.McapMessage;
import dev.trident.runtime.mcap.McapReader;
import dev.trident.runtime.mcap.McapSchema;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a drive log: its camera frames (a {@code foxglove.CompressedImage} channel in JSON
 * encoding) in file order, and its ground truth. Logs without a summary (killed recordings) are
 * read by scanning (see {@link McapReader}).
 *
 * <p>Threading: as {@link McapReader}; each {@link FrameCursor} is confined to one thread.
 */
public final class DriveLogReader implements AutoCloseable {
    private final McapReader mcap;
    private final McapChannel camera;

    private DriveLogReader(McapReader mcap, McapChannel camera) {
        this.mcap = mcap;
        this.camera = camera;
    }

    /**
     * Opens {@code file} and finds the camera channel {@code topic}.
     *
     * @throws TridentException if the file is not a readable MCAP log or has no such image channel
     */
    public static DriveLogReader open(Path file, String topic) {
        McapReader r = McapReader.open(file);
        try {
            McapChannel c = r.channel(topic).orElseThrow(() -> new TridentException("log " + file + " has no channel '" + topic
                    + "'; its channels are: " + (r.channels().isEmpty() ? "none" : r.channels().values().stream()
                    .map(McapChannel::topic).collect(Collectors.joining(", "))) + " (choose one with --topic)"));
            McapSchema s = r.schemas().get(c.schemaId());
            String schema = s == null ? "no schema" : s.name();
            if (!c.messageEncoding().equals(DriveLog.MESSAGE_ENCODING) || s == null || !s.name().equals(DriveLog.IMAGE_SCHEMA)) {
                throw new TridentException("channel " + topic + " of " + file + " carries " + schema + " in '" + c.messageEncoding()
                        + "' encoding; replay reads " + DriveLog.IMAGE_SCHEMA + " in json encoding");
            }
            return new DriveLogReader(r, c);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    public McapReader mcap() {
        return mcap;
    }

    public McapChannel cameraChannel() {
        return camera;
    }

    /** Frames on the camera channel (from the statistics, or counted by the scan). */
    public long frameCount() {
        return mcap.statistics().channelMessageCounts().getOrDefault(camera.id(), 0L);
    }

    /** A cursor over the camera frames with {@code from <= log time <= to}. */
    public FrameCursor frames(long from, long to) {
        return new FrameCursor(mcap.messages(from, to));
    }

    /** All ground truth in the log, by log time (empty when the log has none). */
    public Map<Long, GroundTruth> groundTruth() {
        Map<Long, GroundTruth> out = new HashMap<>();
        McapChannel gt = mcap.channel(DriveLog.GROUND_TRUTH_TOPIC).orElse(null);
        if (gt == null) {
            return out;
        }
        var c = mcap.messages();
        while (c.next()) {
            McapMessage m = c.message();
            if (m.channelId() == gt.id()) {
                out.put(m.logTime(), GroundTruthJson.read(m.buffer(), m.offset(), m.length(), m.logTime(),
                        "ground truth message at " + m.logTime() + " ns in " + mcap.path()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        mcap.close();
    }

    /** Camera frames in file order; each frame's bytes are valid until the next {@link #next()}. Confined to one thread. */
    public final class FrameCursor {
        private final McapReader.MessageCursor messages;
        private final CompressedImageJson json = new CompressedImageJson();
        private long index = -1;
        private long time;

        private FrameCursor(McapReader.MessageCursor messages) {
            this.messages = messages;
        }

        /** Advances to the next camera frame; false at the end. */
        public boolean next() {
            while (messages.next()) {
                McapMessage m = messages.message();
                if (m.channelId() != camera.id()) {
                    if (!mcap.channels().containsKey(m.channelId())) {
                        throw new TridentException(mcap.path() + ": a message at byte " + m.recordOffset() + " is on channel "
                                + m.channelId() + ", which the log never defines; the file is corrupt");
                    }
                    continue;
                }
                index++;
                time = m.logTime();
                json.decode(m.buffer(), m.offset(), m.length(), "frame " + index + " (log time " + time + " ns) of " + mcap.path());
                return true;
            }
            return false;
        }

        /** Frame number within this cursor, from 0. */
        public long index() {
            return index;
        }

        /** Log time (capture time), ns since the Unix epoch. */
        public long timeNanos() {
            return time;
        }

        /** The encoded image bytes ({@link #format()}). */
        public ByteArrayBuilder image() {
            return json.image();
        }

        public String format() {
            return json.format();
        }
    }
}
