package dev.trident.runtime.replay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.engine.Engine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trident eval-drive LOG --model M [--out metrics.json]}: detection mAP@0.5, segmentation
 * mIoU and depth AbsRel of a model on a drive log with ground truth, through the whole pipeline
 * (decode → preprocess → engine → decoders); printed and written as JSON.
 */
@Command(name = "eval-drive", mixinStandardHelpOptions = true,
        description = "Score a model on a drive log with ground truth: detection mAP, segmentation mIoU, depth AbsRel.")
public final class EvalDriveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LOG", description = "an MCAP drive log with a " + DriveLog.GROUND_TRUTH_TOPIC + " channel")
    Path log;

    @Mixin
    ModelFlags model;

    @Option(names = {"-o", "--out"}, description = "JSON report (default: LOG with .eval.json)")
    Path out;

    @Option(names = "--iou", defaultValue = "0.5", description = "IoU threshold of a true positive (default ${DEFAULT-VALUE})")
    double iou;

    @Option(names = "--depth-stride", defaultValue = "2", description = "compare depth on every Nth pixel and row (default ${DEFAULT-VALUE})")
    int depthStride;

    @Option(names = "--topic", defaultValue = DriveLog.CAMERA_TOPIC, description = "camera channel (default ${DEFAULT-VALUE})")
    String topic;

    @Override
    public Integer call() {
        if (model.model == null) {
            throw new IllegalArgumentException("--model is required: the model to evaluate");
        }
        if (!(iou > 0 && iou <= 1)) {
            throw new IllegalArgumentException("--iou must be in (0, 1], got " + iou);
        }
        // check the log before loading the model: bad input fails fast, in one line
        try (DriveLogReader r = DriveLogReader.open(log, topic)) {
            if (r.mcap().channel(DriveLog.GROUND_TRUTH_TOPIC).isEmpty()) {
                throw new TridentException("log " + log + " has no ground truth (no " + DriveLog.GROUND_TRUTH_TOPIC
                        + " channel); eval-drive needs a synthetic drive recorded with its labels");
            }
        }
        Map<String, Object> report;
        try (Engine engine = Engine.open(model.model, model.deviceConfig())) {
            report = new DriveEvaluator(engine, iou, depthStride).evaluate(log, topic);
        }
        Path target = out != null ? out : log.resolveSibling(log.getFileName().toString().replaceFirst("\\.mcap$", "") + ".eval.json");
        try {
            new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL).enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(target.toFile(), report);
        } catch (IOException e) {
            throw new TridentException("cannot write " + target + " (" + e.getMessage() + "); choose a writable --out", e);
        }
        print(System.out, report);
        System.out.println("report written to " + target);
        return 0;
    }

    @SuppressWarnings("unchecked")
    static void print(PrintStream o, Map<String, Object> r) {
        o.printf(Locale.ROOT, "%s: %s frames, %s with ground truth%n", r.get("log"), r.get("frames"), r.get("framesWithGroundTruth"));
        if (r.get("detection") instanceof Map<?, ?> d) {
            o.printf(Locale.ROOT, "detection  mAP@%.2f %s%n", (Double) d.get("iouThreshold"), fmt(d.get("mAP")));
            ((Map<String, Double>) d.get("ap")).forEach((c, v) -> o.printf(Locale.ROOT, "  %-16s AP %s (%s boxes)%n", c, fmt(v),
                    ((Map<String, Integer>) d.get("groundTruthBoxes")).get(c)));
        }
        if (r.get("segmentation") instanceof Map<?, ?> s) {
            o.printf(Locale.ROOT, "segmentation  mIoU %s%n", fmt(s.get("mIoU")));
            ((Map<String, Double>) s.get("iou")).forEach((c, v) -> o.printf(Locale.ROOT, "  %-16s IoU %s%n", c, fmt(v)));
        }
        if (r.get("depth") instanceof Map<?, ?> d) {
            o.printf(Locale.ROOT, "depth  AbsRel %s, delta1 %s over %s pixels%n", fmt(d.get("absRel")), fmt(d.get("delta1")), d.get("pixels"));
        }
    }

    private static String fmt(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : "n/a";
    }
}
