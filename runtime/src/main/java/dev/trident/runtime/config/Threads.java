package dev.trident.runtime.config;

/**
 * ONNX Runtime thread pools.
 *
 * @param intraOp threads inside an operator (0 = ORT default: one per physical core)
 * @param interOp threads across operators (0 = ORT default; used only with parallel execution)
 */
public record Threads(Integer intraOp, Integer interOp) {
    public Threads {
        if (intraOp == null) {
            intraOp = 0;
        }
        if (interOp == null) {
            interOp = 0;
        }
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("threads.intraOp/interOp must be ≥ 0, got " + intraOp + "/" + interOp);
        }
    }

    public static Threads defaults() {
        return new Threads(null, null);
    }
}
