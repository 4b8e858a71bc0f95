package dev.trident.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.model.MultiTaskNet;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the same inputs through the trained network in DJL (evaluation mode) and through the
 * exported graph in ONNX Runtime (CPU) and reports the largest absolute difference per output (for
 * a class-map output, {@link #logitShortfall}).
 * When an output is off, {@link #locate} runs the graph again with every layer's value exposed and
 * names the first node whose value diverges from DJL's.
 *
 * <p>Not thread-safe: one check at a time (it owns an ORT session while it runs).
 */
public final class ParityCheck {
    /** FP32 tolerance on every output: max |ONNX − DJL| ≤ 1e-4. */
    public static final double FP32_TOLERANCE = 1e-4;

    private ParityCheck() {
    }

    /** One parity input: a label for the report and a [1, 3, H, W] float tensor. */
    public record Input(String label, float[] data) {
    }

    /**
     * The comparison over all inputs.
     *
     * @param maxAbs       output name → largest |ONNX − DJL| over the inputs
     * @param worstInput   output name → label of the input where it occurred
     * @param nonFinite    number of non-finite ONNX output values
     * @param inputs       inputs compared
     */
    public record Result(Map<String, Double> maxAbs, Map<String, String> worstInput, long nonFinite, int inputs) {
        public double max() {
            return maxAbs.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        /** The first output over {@code tolerance}, or null. */
        public String firstOver(double tolerance) {
            for (Map.Entry<String, Double> e : maxAbs.entrySet()) {
                if (!(e.getValue() <= tolerance)) {
                    return e.getKey();
                }
            }
            return null;
        }

        public String summary() {
            StringBuilder b = new StringBuilder();
            maxAbs.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("%.1e", v)));
            return b.toString();
        }
    }

    /** Compares the ONNX model's outputs with the network's on every input. */
    public static Result compare(MultiTaskNet net, Set<Task> heads, byte[] onnx, List<Input> inputs) {
        Map<String, Double> maxAbs = new LinkedHashMap<>();
        Map<String, String> worst = new LinkedHashMap<>();
        long nonFinite = 0;
        NDManager root = net.getParameters().get(0).getValue().getArray().getManager();
        Shape shape = net.inputShape(1);
        try (Session s = new Session(onnx)) {
            for (Input in : inputs) {
                Map<String, float[]> ort = s.run(in.data(), shape.getShape());
                try (NDManager m = root.newSubManager()) {
                    Map<String, float[]> ref = djl(net, heads, m.create(in.data(), shape));
                    for (Map.Entry<String, float[]> e : ref.entrySet()) {
                        String name = e.getKey();
                        float[] r = e.getValue();
                        boolean classMap = !ort.containsKey(name) && name.equals(OutputNames.of(Task.SEGMENTATION).get(0))
                                && ort.containsKey(OutputNames.SEG_CLASSES);
                        if (classMap) {
                            name = OutputNames.SEG_CLASSES;
                        }
                        float[] o = ort.get(name);
                        if (o == null || (classMap ? o.length == 0 || r.length % o.length != 0 : o.length != r.length)) {
                            throw new ExportException("the ONNX model's output '" + name + "' is "
                                    + (o == null ? "missing" : "of size " + o.length + ", not " + r.length)
                                    + "; this is an exporter bug, please report it");
                        }
                        double d = 0;
                        if (classMap) {
                            d = logitShortfall(r, o);
                            nonFinite += d == Double.POSITIVE_INFINITY ? 1 : 0;
                        } else {
                            for (int i = 0; i < o.length; i++) {
                                if (!Float.isFinite(o[i])) {
                                    nonFinite++;
                                    d = Double.POSITIVE_INFINITY;
                                } else {
                                    d = Math.max(d, Math.abs(o[i] - r[i]));
                                }
                            }
                        }
                        if (!maxAbs.containsKey(name) || d > maxAbs.get(name)) {
                            maxAbs.put(name, d);
                            worst.put(name, in.label());
                        }
                    }
                }
            }
        }
        return new Result(maxAbs, worst, nonFinite, inputs.size());
    }

    /**
     * How far a class map falls short of the logits' argmax: per pixel, DJL's best logit minus
     * DJL's logit of the class ONNX chose; the largest over the pixels. 0 when every pixel agrees;
     * a pixel may differ only where DJL's top two logits are within this figure of each other (a
     * near-tie that float rounding can flip), so it is held to the same tolerance as the logits
     * themselves. {@code +Inf} when a value is no class index.
     *
     * @param logits DJL's [1, C, H, W] logits
     * @param classes ONNX's [1, 1, H, W] class indices (as float)
     */
    static double logitShortfall(float[] logits, float[] classes) {
        int cells = classes.length;
        int channels = logits.length / cells;
        double worst = 0;
        for (int p = 0; p < cells; p++) {
            int k = (int) classes[p];
            if (k != classes[p] || k < 0 || k >= channels) {
                return Double.POSITIVE_INFINITY;
            }
            float best = logits[p];
            for (int c = 1; c < channels; c++) {
                best = Math.max(best, logits[c * cells + p]);
            }
            worst = Math.max(worst, best - logits[k * cells + p]);
        }
        return worst;
    }

    /**
     * Names the first node whose value diverges: runs the model with every traced value as an
     * output and the same walk in DJL, and compares them in graph order with a tolerance scaled
     * by the value's magnitude. Returns a sentence for the error message.
     */
    public static String locate(MultiTaskNet net, OnnxExporter.Built built, Input input, double tolerance) {
        NDManager root = net.getParameters().get(0).getValue().getArray().getManager();
        Shape shape = net.inputShape(1);
        Map<String, float[]> ort;
        try (Session s = new Session(built.withTracedOutputs().toByteArray())) {
            ort = s.run(input.data(), shape.getShape());
        }
        try (NDManager m = root.newSubManager()) {
            DjlOps djl = new DjlOps();
            new NetworkWalker<>(djl).features(net, m.create(input.data(), shape));
            for (Map.Entry<Task, ?> h : net.heads().entrySet()) {
                new NetworkWalker<>(djl).layer(h.getKey().name().toLowerCase(java.util.Locale.ROOT),
                        net.head(h.getKey()), djl.trace().get("neck.output"));
            }
            for (Map.Entry<String, NDArray> e : djl.trace().entrySet()) {
                String value = built.trace().get(e.getKey());
                float[] o = value == null ? null : ort.get(value);
                if (o == null) {
                    continue;
                }
                float[] r = e.getValue().toFloatArray();
                double d = 0;
                double mag = 0;
                for (int i = 0; i < Math.min(o.length, r.length); i++) {
                    d = Math.max(d, Float.isFinite(o[i]) ? Math.abs(o[i] - r[i]) : Double.POSITIVE_INFINITY);
                    mag = Math.max(mag, Math.abs(r[i]));
                }
                if (o.length != r.length || !(d <= tolerance * Math.max(1, mag))) {
                    return String.format("first diverging node: '%s' (layer %s) on input %s, max |diff| %.3g (values up to %.3g)",
                            value, e.getKey(), input.label(), d, mag);
                }
            }
        }
        return "every node matches the exporter's replay of the layers, so the composition of a layer "
                + "(how its children combine) differs from its DJL forward";
    }

    /** The network's outputs in DJL, by ONNX output name. */
    static Map<String, float[]> djl(MultiTaskNet net, Set<Task> heads, NDArray image) {
        Map<String, float[]> out = new LinkedHashMap<>();
        Map<Task, NDList> pred = net.predict(image, false);
        for (Map.Entry<Task, NDList> e : pred.entrySet()) {
            if (!heads.contains(e.getKey())) {
                continue;
            }
            List<String> names = OutputNames.of(e.getKey());
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), e.getValue().get(i).toFloatArray());
            }
        }
        return out;
    }

    /** An ORT CPU session over model bytes. Not thread-safe. */
    static final class Session implements AutoCloseable {
        private final OrtEnvironment env = OrtEnvironment.getEnvironment();
        private final OrtSession session;

        Session(byte[] model) {
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setIntraOpNumThreads(2);
                session = env.createSession(model, o);
            } catch (OrtException e) {
                throw new ExportException("ONNX Runtime rejects the exported graph: " + firstLine(e.getMessage())
                        + "; this is an exporter bug, please report it", e);
            }
        }

        String inputName() {
            return session.getInputNames().iterator().next();
        }

        Map<String, float[]> run(float[] input, long[] shape) {
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                 OrtSession.Result r = session.run(Map.of(inputName(), t))) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : r) {
                    FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] a = new float[fb.remaining()];
                    fb.get(a);
                    out.put(e.getKey(), a);
                }
                return out;
            } catch (OrtException e) {
                throw new ExportException("ONNX Runtime fails to run the exported graph: " + firstLine(e.getMessage()), e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                // closing a session only fails if it was already closed
            }
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** Deterministic N(0, 1) inputs. */
    public static List<Input> randomInputs(int count, int height, int width, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        List<Input> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            float[] a = new float[3 * height * width];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
            }
            out.add(new Input("random#" + (k + 1), a));
        }
        return out;
    }
}
