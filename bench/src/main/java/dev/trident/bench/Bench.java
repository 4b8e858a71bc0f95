package dev.trident.bench;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.demo.GeneratedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One bench run: prepares the model(s) and frames, runs every requested mode on the same frames
 * (warm-up, open-loop phase, closed-loop phase), and assembles the {@link BenchReport} with its
 * ratios. Modes run one after another, never concurrently, so they do not compete for cores.
 *
 * <p>Not thread-safe: one run at a time per instance; {@link #run} blocks for the whole run.
 */
public final class Bench {
    static final String TIMER = "open loop: from the frame's scheduled arrival (t0 + i/fps, the frame already decoded in memory) "
            + "to its result published; closed loop: from the start of the frame's processing to its result published. "
            + "Image decoding is excluded (measured on its own: source.decodeMs)";

    private final BenchSettings settings;
    private final Consumer<String> log;

    public Bench(BenchSettings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log == null ? s -> { } : log;
    }

    /** Runs every mode; a mode that cannot run is reported as skipped or failed, never aborts the run. */
    public BenchReport run() throws InterruptedException {
        BenchSettings s = settings;
        double loadAtStart = MachineInfo.loadAverage();
        try {
            Files.createDirectories(s.reportDir());
        } catch (IOException e) {
            throw new TridentException("cannot create the report folder " + s.reportDir() + ": " + e.getMessage());
        }
        List<String> notes = new ArrayList<>();
        boolean generated = s.model() == null;
        Path model = s.model();
        if (generated) {
            model = s.reportDir().resolve("generated-demo.onnx");
            try {
                GeneratedModel.write(model, s.generatedSpec());
            } catch (IOException e) {
                throw new TridentException("cannot write the generated model into " + s.reportDir() + ": " + e.getMessage());
            }
            notes.add("model: the generated, untrained demo model (real 3-head graph, hand-set weights) — the trained bundled "
                    + "model models/trident-s.onnx does not exist yet");
        }
        ModelContract contract = Contracts.of(model);
        String singleOrigin;
        List<Path> singles;
        if (!s.singleTask().isEmpty()) {
            singles = s.singleTask();
            singleOrigin = "single-task models given with --single-task";
        } else if (s.modes().contains(Mode.SINGLE_TASK)) {
            singles = SingleTaskModels.derive(model, s.reportDir().resolve("single-task"));
            singleOrigin = "single-task models derived from the multi-head model by pruning it to each head's outputs (each keeps "
                    + "its own copy of the backbone), written to " + s.reportDir().resolve("single-task");
            notes.add(singleOrigin + "; real single-task exports replace them once the exporter ships them (--single-task)");
        } else {
            singles = List.of();
            singleOrigin = "not run";
        }

        if (s.modes().contains(Mode.DJL)) {
            // DJL's engine insists on creating ORT's environment itself (with a global thread pool): it must come first
            DjlPipeline.initEngine();
        }
        log.accept("decoding frames of " + s.source() + " ...");
        try (FrameSet frames = FrameSet.load(s.source(), s.maxFrames())) {
            log.accept(String.format(Locale.ROOT, "%d frames of %dx%d (%s); %s at %.1f fps for %s, closed loop for %s per mode",
                    frames.size(), frames.width(), frames.height(), frames.kind(), s.modes().stream().map(Mode::cliName).toList(),
                    s.fps(), s.duration(), s.closedDuration()));
            List<BenchReport.ModeResult> results = runModes(model, singles, singleOrigin, frames);
            BenchReport.SourceInfo source = new BenchReport.SourceInfo(frames.spec(), frames.kind(), frames.size(), frames.width(),
                    frames.height(), PhaseRecorder.summary(frames.decodeTimes()));
            return new BenchReport(BenchReport.SCHEMA, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), s.command(),
                    MachineInfo.machine(loadAtStart), MachineInfo.jvm(), modelInfo(model, contract, generated, singleOrigin), source,
                    settingsInfo(s), results, Ratios.of(results), notes);
        }
    }

    /** What one mode has so far. */
    private static final class Run {
        final Mode mode;
        Pipeline pipeline;
        BenchReport.ModeResult notRun;
        BenchReport.Phase open;
        SoakSampler soak;
        LoadGenerator.ClosedLoop closed;

        Run(Mode mode) {
            this.mode = mode;
        }
    }

    /**
     * Opens every mode, runs each one's open-loop phase in turn (a schedule must not be shared), then
     * the closed-loop phases interleaved in {@code closedRounds} rounds, so machine drift hits every
     * mode alike in the throughput ratios.
     */
    private List<BenchReport.ModeResult> runModes(Path model, List<Path> singles, String singleOrigin, FrameSet frames)
            throws InterruptedException {
        BenchSettings s = settings;
        long budget = s.budget().toNanos();
        List<Run> runs = new ArrayList<>();
        try {
            for (Mode mode : s.modes()) {
                Run r = new Run(mode);
                runs.add(r);
                log.accept("mode " + mode.cliName() + ": opening ...");
                try {
                    r.pipeline = open(mode, model, singles, singleOrigin, frames);
                } catch (SkipMode e) {
                    log.accept("mode " + mode.cliName() + ": skipped — " + e.getMessage());
                    r.notRun = new BenchReport.ModeResult(mode.cliName(), mode.description(), "skipped", e.getMessage(), null, null,
                            List.of(), null, null, null);
                } catch (RuntimeException | LinkageError e) {
                    log.accept("mode " + mode.cliName() + ": failed — " + e);
                    r.notRun = new BenchReport.ModeResult(mode.cliName(), mode.description(), "failed", String.valueOf(e.getMessage()),
                            null, null, List.of(), null, null, null);
                }
            }
            for (Run r : runs) {
                if (r.pipeline == null) {
                    continue;
                }
                LoadGenerator.warmup(r.pipeline, frames, s.warmup());
                r.soak = s.soak() ? new SoakSampler(s.soakInterval()) : null;
                log.accept("mode " + r.mode.cliName() + ": open loop " + s.duration() + " at " + s.fps() + " fps ...");
                r.open = LoadGenerator.openLoop(r.pipeline, frames, s.duration(), s.fps(), s.queueCapacity(), budget, r.soak);
                log.accept(summaryLine(r.mode, r.open, null));
            }
            if (!s.closedDuration().isZero()) {
                Duration round = s.closedDuration().dividedBy(s.closedRounds());
                log.accept("closed loop: " + s.closedRounds() + " rounds of " + round + " per mode, modes taking turns ...");
                for (int k = 0; k < s.closedRounds(); k++) {
                    for (Run r : runs) {
                        if (r.pipeline == null) {
                            continue;
                        }
                        if (r.closed == null) {
                            r.closed = new LoadGenerator.ClosedLoop(r.pipeline, budget);
                        }
                        r.closed.round(frames, round);
                    }
                }
            }
            List<BenchReport.ModeResult> out = new ArrayList<>();
            for (Run r : runs) {
                if (r.notRun != null) {
                    out.add(r.notRun);
                    continue;
                }
                BenchReport.Phase closed = r.closed == null ? null : r.closed.phase();
                if (closed != null) {
                    log.accept(summaryLine(r.mode, r.open, closed));
                }
                Pipeline.SetupTimes setup = r.pipeline.setup();
                out.add(new BenchReport.ModeResult(r.mode.cliName(), r.mode.description(), "ok", null, setup.sessionCreateNanos() / 1e6,
                        setup.firstInferenceNanos() < 0 ? null : setup.firstInferenceNanos() / 1e6, r.pipeline.notes(), r.open, closed,
                        r.soak == null ? null : r.soak.result()));
            }
            return out;
        } finally {
            for (Run r : runs) {
                if (r.pipeline != null) {
                    r.pipeline.close();
                }
            }
        }
    }

    private Pipeline open(Mode mode, Path model, List<Path> singles, String singleOrigin, FrameSet frames) {
        DeviceConfig config = settings.deviceConfig();
        return switch (mode) {
            case ORT_FLOOR -> new OrtFloorPipeline(model, config, frames.get(0));
            case RUNTIME -> new RuntimePipeline(model, config, false);
            case RUNTIME_RATES -> new RuntimePipeline(model, config, true);
            case SINGLE_TASK -> new SingleTaskPipeline(singles, config, singleOrigin);
            case DJL -> new DjlPipeline(model, config, frames.get(0));
            case OPENCV_DNN -> new OpenCvDnnPipeline(model, config, frames.get(0));
        };
    }

    private static String summaryLine(Mode mode, BenchReport.Phase open, BenchReport.Phase closed) {
        StringBuilder b = new StringBuilder("mode " + mode.cliName() + ":");
        if (open.latencyMs() != null) {
            b.append(String.format(Locale.ROOT, " open loop p50 %.2f ms p99 %.2f ms p99.9 %.2f ms max %.2f ms, %d dropped, %d misses;",
                    open.latencyMs().p50(), open.latencyMs().p99(), open.latencyMs().p999(), open.latencyMs().max(), open.dropped(),
                    open.deadlineMisses()));
        }
        if (closed != null) {
            b.append(String.format(Locale.ROOT, " closed loop %.1f fps, p50 %.2f ms", closed.throughputFps(),
                    closed.latencyMs() == null ? Double.NaN : closed.latencyMs().p50()));
        }
        if (open.errors() > 0) {
            b.append(" ERRORS ").append(open.errors()).append(": ").append(open.firstError());
        }
        return b.toString();
    }

    private BenchReport.ModelInfo modelInfo(Path model, ModelContract c, boolean generated, String singleOrigin) {
        String description;
        if (generated) {
            GeneratedModel.Spec g = settings.generatedSpec();
            description = String.format(Locale.ROOT, "generated untrained demo model (GeneratedModel.Spec: %dx%d input, %d channels, "
                    + "%d trunk + %d depth residual blocks)", g.width(), g.height(), g.channels(), g.trunkBlocks(), g.depthBlocks());
        } else {
            description = "model file " + model;
        }
        return new BenchReport.ModelInfo(model.toString(), c.name(), generated, description, c.input().width(), c.input().height(),
                c.heads().stream().map(h -> h.name() + " (" + h.task().json() + ")").toList(), singleOrigin);
    }

    private static BenchReport.Settings settingsInfo(BenchSettings s) {
        List<ExecutionProvider> providers = s.deviceConfig().executionProviders();
        String threads = s.deviceConfig().threads().intraOp() > 0 ? ", intra-op threads " + s.deviceConfig().threads().intraOp()
                : ", ORT default threads";
        return new BenchReport.Settings(s.fps(), s.duration().toMillis() / 1000.0, s.closedDuration().toMillis() / 1000.0,
                s.closedRounds(), s.warmup().toMillis() / 1000.0, s.budget().toNanos() / 1e6, s.queueCapacity(), s.soak(),
                providers.stream().map(ExecutionProvider::json).toList() + threads, TIMER);
    }
}
