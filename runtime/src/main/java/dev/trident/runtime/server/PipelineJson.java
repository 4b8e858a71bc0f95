package dev.trident.runtime.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import dev.trident.runtime.daemon.ResultSlot;
import java.io.IOException;

/**
 * Adds the daemon's per-frame pipeline fields to the result object {@code ResultJson} writes,
 * just before the object closes (so {@code ResultJson} stays the one JSON form of a result):
 *
 * <pre>{@code
 * "pipeline":{"latencyMs":41.2,"processingMs":30.1,"cyclicMs":33.4,"queueMs":2.0,"dropped":17,
 *             "stagesNs":{"capture":..,"dequeue":..,"inferenceStart":..,"inferenceEnd":..,"publish":..}}
 * }</pre>
 *
 * latency = publish − capture, processing = inference end − start, cyclic = start − previous start
 * (the Autoware trio); {@code dropped} counts frames dropped by the mailbox so far; stage times are
 * {@code System.nanoTime()} values of the daemon.
 *
 * <p>Not thread-safe: one per writing thread, re-targeted per message.
 */
final class PipelineJson extends JsonGeneratorDelegate {
    private ResultSlot slot;

    PipelineJson(JsonGenerator d, ResultSlot slot) {
        super(d, false);
        this.slot = slot;
    }

    @Override
    public void writeEndObject() throws IOException {
        if (slot != null && getOutputContext().getParent().inRoot()) {
            ResultSlot s = slot;
            slot = null;
            writeObjectFieldStart("pipeline");
            writeNumberField("latencyMs", s.latencyNanos() / 1e6);
            writeNumberField("processingMs", s.processingNanos() / 1e6);
            writeNumberField("cyclicMs", s.cyclicNanos() / 1e6);
            writeNumberField("queueMs", s.queueNanos() / 1e6);
            writeNumberField("dropped", s.mailboxDropsSoFar());
            writeObjectFieldStart("stagesNs");
            writeNumberField("capture", s.captureNanos());
            writeNumberField("dequeue", s.dequeueNanos());
            writeNumberField("inferenceStart", s.inferenceStartNanos());
            writeNumberField("inferenceEnd", s.inferenceEndNanos());
            writeNumberField("publish", s.publishNanos());
            super.writeEndObject();
            super.writeEndObject();
        }
        super.writeEndObject();
    }
}
