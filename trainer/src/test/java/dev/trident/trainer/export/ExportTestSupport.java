package dev.trident.trainer.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.trident.trainer.nn.BatchNorm2d;
import dev.trident.trainer.nn.Layer;
import java.util.Map;
import java.util.Random;

/** Helpers shared by the exporter tests: engines, randomised BatchNorm statistics, ORT runs. */
final class ExportTestSupport {
    static {
        System.setProperty("ai.djl.offline", "true");
    }

    private ExportTestSupport() {
    }

    static NDManager manager() {
        return Engine.getEngine("PyTorch").newBaseManager();
    }

    /** Initialises a layer and gives every BatchNorm non-trivial statistics, so folding is really tested. */
    static <L extends Layer> L init(L layer, NDManager m, Shape input, long seed) {
        layer.initialize(m, DataType.FLOAT32, input);
        randomiseBatchNorms(layer, new Random(seed));
        return layer;
    }

    static void randomiseBatchNorms(Block b, Random rnd) {
        if (b instanceof BatchNorm2d bn) {
            int c = bn.channels();
            set(bn.gamma(), c, rnd, 0.5, 1.5);
            set(bn.beta(), c, rnd, -0.5, 0.5);
            set(bn.runningMean(), c, rnd, -0.5, 0.5);
            set(bn.runningVar(), c, rnd, 0.2, 2.0);
        }
        for (Pair<String, Block> c : b.getChildren()) {
            randomiseBatchNorms(c.getValue(), rnd);
        }
    }

    private static void set(Parameter p, int n, Random rnd, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + rnd.nextDouble() * (hi - lo));
        }
        p.getArray().set(v);
    }

    static float[] random(Shape s, long seed) {
        Random rnd = new Random(seed);
        float[] a = new float[(int) s.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }

    /** Runs a one-input model in ORT and returns its outputs by name. */
    static Map<String, float[]> ort(byte[] model, float[] input, long[] shape) {
        try (ParityCheck.Session s = new ParityCheck.Session(model)) {
            return s.run(input, shape);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("sizes differ: " + a.length + " vs " + b.length);
        }
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs((double) a[i] - b[i]));
        }
        return d;
    }

    static float[] djl(Layer layer, NDManager m, float[] x, Shape s) {
        try (NDManager sub = m.newSubManager()) {
            NDArray in = sub.create(x, s);
            return layer.forward(in, false).toFloatArray();
        }
    }
}
