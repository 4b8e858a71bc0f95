package dev.trident.trainer.model;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;

/**
 * Prints the analytic size of the {@code n} and {@code s} networks (all three heads): parameters
 * and GFLOPs at 384×640 and at the default training input 192×320. One FLOP is counted as one
 * multiply-accumulate of a convolution (the torchvision/fvcore convention; BatchNorm, ReLU and
 * Add are not counted). Needs no engine: shapes only.
 *
 * <p>{@code java -cp "trainer/target/trident-trainer.jar:trainer/target/lib/*" dev.trident.trainer.model.ModelComplexity}
 */
public final class ModelComplexity {
    private ModelComplexity() {
    }

    /** GFLOPs (GMACs) of a config at its input size. */
    public static double gflops(ModelConfig c) {
        return new MultiTaskNet(c).macs(new Shape(1, 3, c.inputHeight(), c.inputWidth())) / 1e9;
    }

    /** Trainable parameters of a config. */
    public static long parameters(ModelConfig c) {
        return new MultiTaskNet(c).trainableParameterCount();
    }

    public static void main(String[] args) {
        for (String size : List.of("n", "s")) {
            for (int[] hw : new int[][] {{384, 640}, {192, 320}}) {
                ModelConfig c = new ModelConfig(size, null, null, null, null, null, hw[1], hw[0], null, null, null, null, null);
                MultiTaskNet net = new MultiTaskNet(c);
                Map<String, Long> macs = net.macsByPart(new Shape(1, 3, hw[0], hw[1]));
                System.out.printf("%s %dx%d: %.3f GFLOPs (%s), %.3f M params %s%n", size, hw[1], hw[0],
                        macs.get("total") / 1e9, fmt(macs), net.trainableParameterCount() / 1e6, net.parametersByPart());
            }
        }
    }

    private static String fmt(Map<String, Long> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> {
            if (!k.equals("total")) {
                b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("%.3f", v / 1e9));
            }
        });
        return b.toString();
    }
}
