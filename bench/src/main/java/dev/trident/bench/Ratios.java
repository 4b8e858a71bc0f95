package dev.trident.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The headline comparisons of a run, each with its target (from the issue) and whether it is met.
 * Throughputs are closed-loop (maximum sustained); latencies closed-loop medians (service time)
 * except the tail ratio, which is the open-loop runtime's. Stateless; thread-safe.
 */
final class Ratios {
    private Ratios() {
    }

    static List<BenchReport.Ratio> of(List<BenchReport.ModeResult> modes) {
        List<BenchReport.Ratio> out = new ArrayList<>();
        Optional<BenchReport.Phase> runtime = closed(modes, Mode.RUNTIME);
        out.add(higherIsBetter("runtime/ort-floor throughput", "closed-loop fps of runtime ÷ fps of ort-floor",
                fps(runtime), fps(closed(modes, Mode.ORT_FLOOR)), 0.95));
        out.add(higherIsBetter("ort-floor/runtime inference time", "mean ORT run time per frame: ort-floor's ÷ runtime's "
                + "inference stage (the engine's own session.run against the bare one; 1 = no overhead)",
                stageMean(closed(modes, Mode.ORT_FLOOR), Stages.INFERENCE), stageMean(runtime, Stages.INFERENCE), Double.NaN));
        out.add(lowerIsBetter("multi-head/single-task latency", "closed-loop p50 latency of runtime ÷ that of single-task",
                p50(runtime), p50(closed(modes, Mode.SINGLE_TASK)), 0.45));
        out.add(higherIsBetter("runtime/djl throughput", "closed-loop fps of runtime ÷ fps of djl", fps(runtime),
                fps(closed(modes, Mode.DJL)), 1.3));
        out.add(higherIsBetter("runtime/opencv-dnn throughput", "closed-loop fps of runtime ÷ fps of opencv-dnn", fps(runtime),
                fps(closed(modes, Mode.OPENCV_DNN)), Double.NaN));
        out.add(higherIsBetter("runtime-rates/runtime throughput", "closed-loop fps of runtime-rates ÷ fps of runtime",
                fps(closed(modes, Mode.RUNTIME_RATES)), fps(runtime), Double.NaN));
        Optional<BenchReport.Phase> open = phase(modes, Mode.RUNTIME, false);
        Double tail = open.map(BenchReport.Phase::latencyMs).map(l -> l.p999() / l.p50()).orElse(null);
        out.add(ratio("runtime p99.9/p50 latency", "open-loop p99.9 ÷ p50 of runtime", tail, "≤ 1.3",
                tail == null ? null : tail <= 1.3, open.isEmpty() ? "runtime did not run" : null));
        Double alloc = open.map(BenchReport.Phase::allocBytesPerFrame).orElse(null);
        out.add(ratio("runtime heap bytes allocated per frame", "open-loop pipeline-thread allocation ÷ frames (runtime)", alloc,
                "≤ 1024", alloc == null ? null : alloc <= 1024, open.isEmpty() ? "runtime did not run" : null));
        return out;
    }

    private static BenchReport.Ratio higherIsBetter(String name, String def, Double a, Double b, double target) {
        Double v = a == null || b == null || b == 0 ? null : a / b;
        boolean hasTarget = !Double.isNaN(target);
        return ratio(name, def, v, hasTarget ? "≥ " + target : null, v == null || !hasTarget ? null : v >= target,
                v == null ? "a mode it needs did not run" : null);
    }

    private static BenchReport.Ratio lowerIsBetter(String name, String def, Double a, Double b, double target) {
        Double v = a == null || b == null || b == 0 ? null : a / b;
        return ratio(name, def, v, "≤ " + target, v == null ? null : v <= target, v == null ? "a mode it needs did not run" : null);
    }

    private static BenchReport.Ratio ratio(String name, String def, Double v, String target, Boolean met, String note) {
        return new BenchReport.Ratio(name, def, v, target, met, note);
    }

    private static Optional<BenchReport.Phase> closed(List<BenchReport.ModeResult> modes, Mode m) {
        return phase(modes, m, true);
    }

    private static Optional<BenchReport.Phase> phase(List<BenchReport.ModeResult> modes, Mode m, boolean closedLoop) {
        return modes.stream().filter(r -> r.mode().equals(m.cliName()) && r.ok())
                .map(r -> closedLoop ? r.closedLoop() : r.openLoop())
                .filter(p -> p != null && p.processed() > 0).findFirst();
    }

    private static Double fps(Optional<BenchReport.Phase> p) {
        return p.map(BenchReport.Phase::throughputFps).orElse(null);
    }

    private static Double stageMean(Optional<BenchReport.Phase> p, String stage) {
        return p.flatMap(x -> x.stages().stream().filter(s -> s.name().equals(stage) && s.count() > 0).findFirst())
                .map(BenchReport.Stage::meanMs).orElse(null);
    }

    private static Double p50(Optional<BenchReport.Phase> p) {
        return p.map(x -> x.latencyMs().p50()).orElse(null);
    }
}
