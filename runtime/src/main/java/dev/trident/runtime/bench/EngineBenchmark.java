package dev.trident.runtime.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.trident.runtime.Frame;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.engine.SessionFactory;
import dev.trident.runtime.engine.SubsetInfo;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.runtime.preprocess.Preprocessor;
import dev.trident.runtime.result.PerceptionResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;

/**
 * The engine's own benchmark (not a timed test): preprocessing cost, the engine against bare
 * {@code session.run} plus the same preprocessing on the same model and frames, and the speed-up
 * of a pruned head subset. Engine and bare runs are interleaved in short rounds so machine drift
 * hits both alike; figures are medians of per-frame wall times on one thread.
 *
 * <p>Not thread-safe; run one at a time.
 */
public final class EngineBenchmark {
    /**
     * What one run measured.
     *
     * @param preprocessMedianMs  1280×720 (or the frames' size) → model input, median
     * @param preprocessP90Ms     same, 90th percentile
     * @param engineMedianMs      {@code Engine.process}, all heads, median
     * @param bareMedianMs        preprocessing + bare {@code session.run} on preallocated input, median
     * @param fullInferenceMs     ORT time of the full graph inside the engine, median
     * @param subsetInferenceMs   ORT time of the pruned subset, median
     * @param subsetHeads         the heads of the pruned subset
     * @param fullNodes           operators in the full graph
     * @param subsetNodes         operators in the pruned graph
     * @param engineBytesPerFrame Java heap allocated by {@code Engine.process} per frame (calling thread)
     * @param decodeMedianMs      per head (contract order), its decoder's time inside {@code Engine.process}, median
     */
    public record Figures(int frames, int iterations, double preprocessMedianMs, double preprocessP90Ms, double engineMedianMs,
                          double bareMedianMs, double fullInferenceMs, double subsetInferenceMs, List<String> subsetHeads,
                          int fullNodes, int subsetNodes, long engineBytesPerFrame, Map<String, Double> decodeMedianMs) {
        /** Engine time over bare time (target ≤ 1.05). */
        public double engineOverBare() {
            return engineMedianMs / bareMedianMs;
        }

        /** Full-graph inference time over the pruned subset's. */
        public double subsetSpeedup() {
            return fullInferenceMs / subsetInferenceMs;
        }
    }

    private EngineBenchmark() {
    }

    /**
     * @param model       the model (every head runs each frame in the engine/bare comparison)
     * @param frames      BGR frames, cycled
     * @param iterations  measured frames per variant
     * @param subsetHeads heads of the pruned subset to compare with the full graph
     */
    public static Figures run(Path model, List<Mat> frames, int iterations, DeviceConfig config, List<String> subsetHeads)
            throws OrtException {
        OpenCvNatives.load();
        int warmup = Math.max(10, iterations / 10);
        double[] pre = new double[iterations];
        double[] eng = new double[iterations];
        double[] bare = new double[iterations];
        double[] fullInf = new double[iterations];
        double[] subInf = new double[iterations];
        OrtEnvironment env = dev.trident.runtime.engine.OrtEnvironments.get(config.threads());
        long[] engineBytesTotal = new long[1];
        try (Engine engine = Engine.open(model, config)) {
            PerceptionResult result = engine.newResult();
            List<String> heads = engine.schedule().heads();
            double[][] dec = new double[heads.size()][iterations];
            SessionFactory factory = new SessionFactory(env, config);
            try (Preprocessor prep = new Preprocessor(engine.contract().input());
                 OnnxTensor input = OnnxTensor.createTensor(env, prep.buffer().asFloatBuffer(), prep.shape());
                 OrtSession session = factory.create(OnnxModelFile.read(model).bytes(), null)) {
                Map<String, OnnxTensor> inputs = Map.of(engine.contract().input().name(), input);

                // 1. preprocessing alone
                for (int i = 0; i < warmup + iterations; i++) {
                    long t0 = System.nanoTime();
                    prep.run(frames.get(i % frames.size()));
                    if (i >= warmup) {
                        pre[i - warmup] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                // 2. engine vs bare, interleaved in rounds of 10 frames
                int round = 10;
                int e = 0;
                int b = 0;
                for (int i = 0; i < warmup; i++) {
                    engine.process(Frame.of(frames.get(i % frames.size()), i), result);
                    prep.run(frames.get(i % frames.size()));
                    try (OrtSession.Result ignored = session.run(inputs)) {
                        // warm-up
                    }
                }
                long seq = 0;
                com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                        .getThreadMXBean();
                long tid = Thread.currentThread().getId();
                long engineBytes = 0;
                while (e < iterations || b < iterations) {
                    long a0 = threads.getThreadAllocatedBytes(tid);
                    int e0 = e;
                    for (int k = 0; k < round && e < iterations; k++, e++) {
                        Mat f = frames.get(e % frames.size());
                        long t0 = System.nanoTime();
                        engine.process(new Frame(f, seq++, t0, 0), result);
                        eng[e] = (System.nanoTime() - t0) / 1e6;
                        fullInf[e] = result.inferenceNanos() / 1e6;
                        for (int h = 0; h < dec.length; h++) {
                            dec[h][e] = result.decodeNanos(heads.get(h)) / 1e6;
                        }
                    }
                    if (e > e0) {
                        engineBytes += threads.getThreadAllocatedBytes(tid) - a0;
                    }
                    for (int k = 0; k < round && b < iterations; k++, b++) {
                        Mat f = frames.get(b % frames.size());
                        long t0 = System.nanoTime();
                        prep.run(f);
                        try (OrtSession.Result ignored = session.run(inputs)) {
                            bare[b] = (System.nanoTime() - t0) / 1e6;
                        }
                    }
                }
                engineBytesTotal[0] = engineBytes;
                // 3. pruned subset: only `subsetHeads` enabled
                for (String h : engine.schedule().heads()) {
                    engine.schedule().setEnabled(h, subsetHeads.contains(h));
                }
                for (int i = 0; i < warmup + iterations; i++) {
                    engine.process(Frame.of(frames.get(i % frames.size()), seq++), result);
                    if (i >= warmup) {
                        subInf[i - warmup] = result.inferenceNanos() / 1e6;
                    }
                }
            }
            long engineBytesPerFrame = engineBytesTotal[0] / iterations;
            SubsetInfo full = engine.subsets().get(0);
            SubsetInfo sub = engine.subset(subsetHeads).orElseThrow();
            Map<String, Double> decode = new LinkedHashMap<>();
            for (int h = 0; h < dec.length; h++) {
                decode.put(heads.get(h), median(dec[h]));
            }
            return new Figures(frames.size(), iterations, median(pre), percentile(pre, 0.9), median(eng), median(bare),
                    median(fullInf), median(subInf), subsetHeads, full.nodeCount(), sub.nodeCount(), engineBytesPerFrame,
                    Collections.unmodifiableMap(decode));
        }
    }

    static double median(double[] v) {
        return percentile(v, 0.5);
    }

    static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(p * (s.length - 1) + 0.5))];
    }
}
