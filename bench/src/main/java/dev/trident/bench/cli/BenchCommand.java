package dev.trident.bench.cli;

import dev.trident.bench.Bench;
import dev.trident.bench.BenchReport;
import dev.trident.bench.BenchSettings;
import dev.trident.bench.Mode;
import dev.trident.bench.ReportWriter;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import dev.trident.runtime.config.Threads;
import dev.trident.runtime.demo.GeneratedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trident bench}: the system-level latency harness. Runs each mode on the same frames,
 * open loop at the camera rate and closed loop at max throughput, and writes the report.
 * Exit code 0 when the report is written and no mode failed or met errors, 1 otherwise, 2 for bad
 * input.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Latency harness: open-loop percentiles (no coordinated omission), per-stage breakdown, Trident beside "
                + "bare ONNX Runtime, single-task models, DJL and OpenCV DNN, on the same model and frames.",
            "Writes report.json, report.md and PNG plots into --report."})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, description = "multi-head ONNX model (default: the generated demo model, written into the report folder)")
    Path model;

    @Option(names = {"-c", "--config"}, description = "device config YAML (default: built-in x86 CPU settings)")
    Path config;

    @Option(names = "--providers", split = ",", description = "override the config's execution providers, e.g. cuda,cpu")
    List<ExecutionProvider> providers;

    @Option(names = "--threads", description = "intra-op threads for every engine (ORT, DJL's ORT, OpenCV DNN); default: the config's (ORT: one per core)")
    Integer threads;

    @Option(names = "--source", defaultValue = "synthetic",
            description = "frames: 'synthetic', an image folder or glob, an image, or a video file (default ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--frames", defaultValue = "32", description = "frames decoded ahead into memory and cycled (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--fps", defaultValue = "30", description = "camera rate of the open-loop schedule (default ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "open-loop time per mode, e.g. 5s, 60s, 30m (default ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--closed-duration", converter = DurationConverter.class,
            description = "closed-loop (max throughput) time per mode; 0 skips it (default: --duration, at most 20s)")
    Duration closedDuration;

    @Option(names = "--closed-rounds", defaultValue = "5",
            description = "closed-loop rounds: the modes take turns so machine drift hits all alike (default ${DEFAULT-VALUE})")
    int closedRounds;

    @Option(names = "--warmup", converter = DurationConverter.class,
            description = "unrecorded warm-up per mode (default: a quarter of --duration, at most 3s)")
    Duration warmup;

    @Option(names = "--budget-ms", description = "latency budget per frame; over it = deadline miss (default: one frame period)")
    Double budgetMs;

    @Option(names = "--queue", defaultValue = "2", description = "frames that may wait; an arrival beyond drops the oldest (default ${DEFAULT-VALUE})")
    int queue;

    @Option(names = "--modes", split = ",", defaultValue = "all",
            description = "all, or a comma list of ort-floor, runtime, runtime-rates, single-task, djl, opencv-dnn (default ${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--single-task", split = ",", description = "single-task models a.onnx,b.onnx,c.onnx (default: derived by pruning --model)")
    List<Path> singleTask;

    @Option(names = "--report", defaultValue = "out/bench", description = "report folder (default ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--soak", description = "sample RSS, heap and allocation over the open-loop phase and report growth (leak check)")
    boolean soak;

    @Option(names = "--soak-interval", converter = DurationConverter.class,
            description = "time between soak samples (default: --duration/20, between 1s and 30s)")
    Duration soakInterval;

    @Option(names = "--tiny", hidden = true, description = "with no --model: the tiny generated model (tests)")
    boolean tiny;

    @Override
    public Integer call() throws Exception {
        DeviceConfig cfg = config == null ? DeviceConfig.defaults() : DeviceConfig.load(config);
        if (providers != null) {
            cfg = cfg.withProviders(providers);
        }
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            cfg = new DeviceConfig(cfg.name(), cfg.executionProviders(), new Threads(threads, cfg.threads().interOp()),
                    cfg.graphOptimization(), cfg.optimizedModelCache(), cfg.fp16Model(), cfg.warmupRuns(), cfg.tensorrt(), cfg.cuda(),
                    cfg.heads());
        }
        if (model != null && !Files.isRegularFile(model)) {
            throw new IllegalArgumentException("model " + model + " does not exist; pass an .onnx file or leave --model out for the "
                    + "generated demo model");
        }
        if (singleTask != null) {
            for (Path p : singleTask) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("single-task model " + p + " does not exist; pass existing .onnx files");
                }
            }
        }
        Duration closed = closedDuration != null ? closedDuration : min(duration, Duration.ofSeconds(20));
        Duration warm = warmup != null ? warmup : min(duration.dividedBy(4), Duration.ofSeconds(3));
        Duration interval = soakInterval != null ? soakInterval
                : max(Duration.ofSeconds(1), min(duration.dividedBy(20), Duration.ofSeconds(30)));
        if (budgetMs != null && !(budgetMs > 0)) {
            throw new IllegalArgumentException("--budget-ms must be positive, got " + budgetMs);
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("--fps must be positive, got " + fps);
        }
        Duration budget = Duration.ofNanos(Math.round((budgetMs != null ? budgetMs : 1000.0 / fps) * 1e6));
        String command = "trident " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        BenchSettings settings = new BenchSettings(model, tiny ? GeneratedModel.Spec.tiny() : GeneratedModel.Spec.demo(), source, frames,
                fps, duration, closed, closedRounds, warm, budget, queue, Mode.parse(modes), singleTask, report, soak, interval, cfg, command);

        BenchReport r = new Bench(settings, line -> System.err.println("trident bench: " + line)).run();
        List<Path> written = ReportWriter.write(r, report);
        System.out.println("report: " + written.stream().map(Path::toString).toList());
        for (BenchReport.Ratio x : r.ratios()) {
            System.out.printf(Locale.ROOT, "%-40s %10s  target %-8s %s%n", x.name(), x.value() == null ? "—" : String.format(Locale.ROOT,
                    "%.3f", x.value()), x.target() == null ? "—" : x.target(), x.met() == null ? "" : x.met() ? "met" : "NOT met");
        }
        boolean bad = false;
        for (BenchReport.ModeResult m : r.modes()) {
            if ("failed".equals(m.status())) {
                System.err.println("trident bench: mode " + m.mode() + " failed: " + m.reason());
                bad = true;
            } else if (m.ok() && (errors(m.openLoop()) + errors(m.closedLoop()) > 0)) {
                String first = m.openLoop() != null && m.openLoop().firstError() != null ? m.openLoop().firstError()
                        : m.closedLoop().firstError();
                System.err.println("trident bench: mode " + m.mode() + " had frame errors: " + first);
                bad = true;
            } else if ("skipped".equals(m.status())) {
                System.err.println("trident bench: mode " + m.mode() + " skipped: " + m.reason());
            }
        }
        return bad ? 1 : 0;
    }

    private static long errors(BenchReport.Phase p) {
        return p == null ? 0 : p.errors();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
