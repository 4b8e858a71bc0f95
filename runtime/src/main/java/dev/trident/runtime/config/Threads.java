package dev.trident.runtime.config;

/**
 * ONNX Runtime thread pools.
 *
 * @param intraOp threads inside an operator (0 = ORT default: one per physical core)
 * @param interOp threads across operators (0 = ORT default; used only with parallel execution)
 * @param spin    let idle ORT worker threads spin-wait for work (ORT's default, true): lowest latency
 *                on cores the process has to itself; false on shared or oversubscribed CPUs, where
 *                spinning threads steal the cores other sessions and the pipeline need
 */
public record Threads(Integer intraOp, Integer interOp, Boolean spin) {
    public Threads(Integer intraOp, Integer interOp) {
        this(intraOp, interOp, null);
    }

    public Threads {
        if (spin == null) {
            spin = true;
        }
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
        return new Threads(null, null, null);
    }
}
