package dev.trident.runtime.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.TridentException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of {@link GroundTruth} (schema {@code trident.GroundTruth}):
 *
 * <pre>{@code
 * {"timestamp":{"sec":S,"nsec":N},"width":1280,"height":720,
 *  "detections":[{"class":"car","box":[x1,y1,x2,y2]}],
 *  "segmentation":{"classes":["road",...],"png":"<base64 8-bit PNG>"},
 *  "depth":{"scale":256,"png":"<base64 16-bit PNG>"}}
 * }</pre>
 *
 * Stateless; thread-safe.
 */
public final class GroundTruthJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GroundTruthJson() {
    }

    public static byte[] write(GroundTruth gt) {
        ByteArrayBuilder out = new ByteArrayBuilder(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("timestamp");
            g.writeNumberField("sec", Math.floorDiv(gt.timeNanos(), 1_000_000_000L));
            g.writeNumberField("nsec", Math.floorMod(gt.timeNanos(), 1_000_000_000L));
            g.writeEndObject();
            g.writeNumberField("width", gt.width());
            g.writeNumberField("height", gt.height());
            if (gt.boxes() != null) {
                g.writeArrayFieldStart("detections");
                for (GroundTruth.Box b : gt.boxes()) {
                    g.writeStartObject();
                    g.writeStringField("class", b.label());
                    g.writeArrayFieldStart("box");
                    g.writeNumber(b.x1());
                    g.writeNumber(b.y1());
                    g.writeNumber(b.x2());
                    g.writeNumber(b.y2());
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (gt.segmentationPng() != null) {
                g.writeObjectFieldStart("segmentation");
                g.writeArrayFieldStart("classes");
                for (String c : gt.segmentationClasses()) {
                    g.writeString(c);
                }
                g.writeEndArray();
                g.writeBinaryField("png", gt.segmentationPng());
                g.writeEndObject();
            }
            if (gt.depthPng() != null) {
                g.writeObjectFieldStart("depth");
                g.writeNumberField("scale", gt.depthScale());
                g.writeBinaryField("png", gt.depthPng());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write ground truth JSON", e);
        }
        return out.toByteArray();
    }

    /**
     * Parses one message.
     *
     * @param logTime the message's log time (the frame it belongs to)
     * @param where   names the message in errors
     */
    public static GroundTruth read(byte[] buf, int offset, int length, long logTime, String where) {
        try {
            JsonNode n = MAPPER.readTree(buf, offset, length);
            if (n == null || !n.isObject()) {
                throw new TridentException(where + " is not a JSON object; expected trident.GroundTruth");
            }
            int width = n.path("width").asInt(0);
            int height = n.path("height").asInt(0);
            List<GroundTruth.Box> boxes = null;
            if (n.has("detections")) {
                boxes = new ArrayList<>();
                for (JsonNode d : n.get("detections")) {
                    JsonNode box = d.path("box");
                    if (!d.path("class").isTextual() || box.size() != 4) {
                        throw new TridentException(where + ": a detection needs \"class\" and a 4-number \"box\"");
                    }
                    boxes.add(new GroundTruth.Box(d.get("class").asText(), (float) box.get(0).asDouble(),
                            (float) box.get(1).asDouble(), (float) box.get(2).asDouble(), (float) box.get(3).asDouble()));
                }
            }
            List<String> classes = null;
            byte[] seg = null;
            if (n.has("segmentation")) {
                JsonNode s = n.get("segmentation");
                classes = new ArrayList<>();
                for (JsonNode c : s.path("classes")) {
                    classes.add(c.asText());
                }
                seg = s.path("png").binaryValue();
                if (seg == null || classes.isEmpty()) {
                    throw new TridentException(where + ": segmentation needs \"classes\" and a base64 \"png\"");
                }
            }
            byte[] depth = null;
            double scale = GroundTruth.DEPTH_SCALE;
            if (n.has("depth")) {
                depth = n.get("depth").path("png").binaryValue();
                scale = n.get("depth").path("scale").asDouble(GroundTruth.DEPTH_SCALE);
                if (depth == null) {
                    throw new TridentException(where + ": depth needs a base64 \"png\"");
                }
            }
            return new GroundTruth(logTime, width, height, boxes, classes, seg, depth, scale);
        } catch (IOException e) {
            throw new TridentException(where + " is not valid trident.GroundTruth JSON (" + CompressedImageJson.oneLine(e) + ")", e);
        } catch (IllegalArgumentException e) {
            throw new TridentException(where + ": " + e.getMessage(), e);
        }
    }
}
