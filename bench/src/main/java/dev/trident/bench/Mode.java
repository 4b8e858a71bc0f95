package dev.trident.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * What one bench mode runs on each frame. Every mode runs the same model (or models derived from
 * it) on the same frames. Immutable; thread-safe.
 */
public enum Mode {
    /** Bare {@code session.run} on a preallocated input tensor with pinned outputs: the physical floor. */
    ORT_FLOOR("ort-floor", "bare ORT session.run on a preallocated input (preprocessed once) with pinned outputs"),
    /** The full Trident pipeline, every head every frame. */
    RUNTIME("runtime", "Trident Engine.process: preprocess, one ORT run of every head, every head's decoder, publish"),
    /** The Trident pipeline with the depth heads at half rate (pruned head subsets on the other frames). */
    RUNTIME_RATES("runtime-rates", "Trident Engine.process with depth every 2nd frame (pruned subset sessions)"),
    /** One single-task model per head, run one after another per frame: no sharing. */
    SINGLE_TASK("single-task", "one single-task model per head, each a full Trident engine, run one after another"),
    /** DJL's OnnxRuntime engine with a Translator doing the same pre/post-processing. */
    DJL("djl", "DJL Predictor (OnnxRuntime engine) with a Translator doing Trident's preprocessing and decoders"),
    /** OpenCV's DNN module on the same ONNX. */
    OPENCV_DNN("opencv-dnn", "OpenCV DNN Net.forward on the same ONNX, letterbox + blobFromImage, Trident's decoders");

    private final String cliName;
    private final String description;

    Mode(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    /** The name used on the command line and in reports. */
    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    /** Looks a mode up by its command-line name. */
    public static Mode of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Mode m : values()) {
            if (m.cliName.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown bench mode '" + name + "'; use 'all' or a comma list of " + names());
    }

    /** Parses {@code all} or names; duplicates are dropped, the order is the enum's (floor first). */
    public static List<Mode> parse(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("no bench mode given; use --modes all or a comma list of " + names());
        }
        EnumSet<Mode> set = EnumSet.noneOf(Mode.class);
        for (String n : names) {
            if (n.strip().equalsIgnoreCase("all")) {
                set.addAll(EnumSet.allOf(Mode.class));
            } else {
                set.add(of(n));
            }
        }
        return new ArrayList<>(set);
    }

    static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Mode m : values()) {
            out.add(m.cliName);
        }
        return out;
    }
}
