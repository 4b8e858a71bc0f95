package dev.trident.runtime.result;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trident.runtime.contract.HeadSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The one JSON form of a {@link PerceptionResult} (schema v1), shared by the daemon's WebSocket,
 * the replay tool's JSONL and the benchmarks:
 *
 * <pre>{@code
 * {"v":1,"seq":12,"captureEpochMs":1700000000000,"captureNs":123,"publishEpochMs":1700000000040,
 *  "heads":["detection","segmentation","depth"],
 *  "detections":[{"head":"detection","class":"car","classId":0,"score":0.87,"box":[x1,y1,x2,y2]}],
 *  "segmentation":{"segmentation":{"fractions":{"road":0.41,...},
 *                                  "rle":{"width":160,"height":96,"runs":[cls,len,cls,len,...]}}},
 *  "depth":{"depth":{"nearestAheadM":12.5,"validFraction":0.98}},
 *  "nonFinite":{"depth":3},
 *  "timings":{"preprocessMs":1.2,"inferenceMs":20.1,"decodeMs":{"detection":0.1}}}
 * }</pre>
 *
 * Boxes are source-frame pixels; {@code rle} only on request (row-major runs over the head-size
 * class map, 255 = none); {@code nonFinite} only when a head's outputs held NaN/Inf;
 * {@code timings}, {@code captureNs} and {@code publishEpochMs} only when timings are included, so
 * that the rest is byte-identical for the same frame, model and config (deterministic replays).
 * Numbers are written with Java's shortest round-trip float formatting.
 *
 * <p>Not thread-safe (reuses a scratch buffer); one writer per thread.
 */
public final class ResultJson {
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * @param timings include timings, monotonic capture time and publish time
     * @param rle     include the run-length-encoded class map of every segmentation head
     */
    public record Options(boolean timings, boolean rle) {
        public static final Options DEFAULT = new Options(true, false);
        public static final Options DETERMINISTIC = new Options(false, false);
    }

    private final EgoCorridor corridor;
    private float[] scratch = new float[0];

    public ResultJson() {
        this(EgoCorridor.DEFAULT);
    }

    public ResultJson(EgoCorridor corridor) {
        this.corridor = corridor;
    }

    /** The result as one line of JSON. */
    public String write(PerceptionResult r, Options options, long publishEpochMs) {
        StringWriter sw = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            write(r, options, publishEpochMs, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /** Writes the result as one JSON object to {@code g}. */
    public void write(PerceptionResult r, Options options, long publishEpochMs, JsonGenerator g) throws IOException {
        List<HeadSpec> heads = r.contract().heads();
        g.writeStartObject();
        g.writeNumberField("v", 1);
        g.writeNumberField("seq", r.seq());
        g.writeNumberField("captureEpochMs", r.captureEpochMillis());
        if (options.timings()) {
            g.writeNumberField("captureNs", r.captureNanos());
            g.writeNumberField("publishEpochMs", publishEpochMs);
        }
        g.writeArrayFieldStart("heads");
        for (HeadSpec h : heads) {
            if (r.ran(h.name())) {
                g.writeString(h.name());
            }
        }
        g.writeEndArray();

        g.writeArrayFieldStart("detections");
        for (HeadSpec h : heads) {
            if (h.task() != dev.trident.runtime.contract.Task.DETECTION || !r.ran(h.name())) {
                continue;
            }
            List<Detection> dets = r.detections(h.name());
            List<ObjectLocation> locs = r.locations(h.name());
            for (int i = 0; i < dets.size(); i++) {
                Detection d = dets.get(i);
                g.writeStartObject();
                g.writeStringField("head", h.name());
                g.writeStringField("class", d.label());
                g.writeNumberField("classId", d.classId());
                g.writeNumberField("score", d.score());
                g.writeArrayFieldStart("box");
                g.writeNumber(d.x1());
                g.writeNumber(d.y1());
                g.writeNumber(d.x2());
                g.writeNumber(d.y2());
                g.writeEndArray();
                ObjectLocation loc = i < locs.size() ? locs.get(i) : null;
                if (loc != null && loc.known()) {
                    g.writeNumberField("distance", loc.distance());
                    g.writeArrayFieldStart("position");
                    g.writeNumber(loc.x());
                    g.writeNumber(loc.y());
                    g.writeNumber(loc.z());
                    g.writeEndArray();
                    g.writeStringField("distanceFrom", loc.source());
                }
                g.writeEndObject();
            }
        }
        g.writeEndArray();

        g.writeObjectFieldStart("segmentation");
        for (HeadSpec h : heads) {
            if (h.task() != dev.trident.runtime.contract.Task.SEGMENTATION || !r.ran(h.name())) {
                continue;
            }
            SegmentationMap s = r.segmentation(h.name()).orElseThrow();
            g.writeObjectFieldStart(h.name());
            g.writeObjectFieldStart("fractions");
            for (int c = 0; c < s.classes().size(); c++) {
                g.writeNumberField(s.classes().get(c), (float) s.fraction(c));
            }
            g.writeEndObject();
            if (options.rle()) {
                writeRle(s, g);
            }
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeObjectFieldStart("depth");
        for (HeadSpec h : heads) {
            if (h.task() != dev.trident.runtime.contract.Task.DEPTH || !r.ran(h.name())) {
                continue;
            }
            DepthMap d = r.depth(h.name()).orElseThrow();
            int cells = d.width() * d.height();
            if (scratch.length < cells) {
                scratch = new float[cells];
            }
            float nearest = corridor.nearestDepth(d, scratch);
            g.writeObjectFieldStart(h.name());
            if (!Float.isNaN(nearest)) {
                g.writeNumberField("nearestAheadM", nearest);
            }
            g.writeNumberField("validFraction", (float) d.validCount() / cells);
            g.writeEndObject();
        }
        g.writeEndObject();

        if (r.hasNonFinite()) {
            g.writeObjectFieldStart("nonFinite");
            for (HeadSpec h : heads) {
                if (r.nonFinite(h.name()) > 0) {
                    g.writeNumberField(h.name(), r.nonFinite(h.name()));
                }
            }
            g.writeEndObject();
        }
        if (options.timings()) {
            g.writeObjectFieldStart("timings");
            g.writeNumberField("preprocessMs", r.preprocessNanos() / 1e6);
            g.writeNumberField("inferenceMs", r.inferenceNanos() / 1e6);
            g.writeObjectFieldStart("decodeMs");
            for (HeadSpec h : heads) {
                if (r.ran(h.name())) {
                    g.writeNumberField(h.name(), r.decodeNanos(h.name()) / 1e6);
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeRle(SegmentationMap s, JsonGenerator g) throws IOException {
        byte[] ids = s.classIds();
        g.writeObjectFieldStart("rle");
        g.writeNumberField("width", s.width());
        g.writeNumberField("height", s.height());
        g.writeArrayFieldStart("runs");
        int n = s.width() * s.height();
        int i = 0;
        while (i < n) {
            int v = ids[i] & 0xff;
            int j = i + 1;
            while (j < n && (ids[j] & 0xff) == v) {
                j++;
            }
            g.writeNumber(v);
            g.writeNumber(j - i);
            i = j;
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
