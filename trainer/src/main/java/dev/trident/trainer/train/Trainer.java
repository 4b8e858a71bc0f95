package dev.trident.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.data.OpenCvNatives;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.weighting.TaskWeighting;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training loop: AdamW with warm-up + cosine LR, seeded shuffling/augmentation/initialisation,
 * a progress bar (ETA, per-task losses), evaluation on the held-out dataset after every epoch,
 * a checkpoint ({@code RUN/last}) after every epoch, {@code history.json} and curve PNGs
 * ({@code curves-loss.png}, {@code curves-metrics.png}, {@code curves-weights.png}). Resumes from a
 * checkpoint folder. Not thread-safe: one run per instance, on the calling thread (plus one
 * loader thread).
 */
public final class Trainer {
    private final TrainConfig config;
    private final PrintStream log;
    private final boolean progress;

    public Trainer(TrainConfig config, PrintStream log, boolean progress) {
        this.config = config;
        this.log = log;
        this.progress = progress;
    }

    /** The outcome of a run. */
    public record Result(Path runDir, EvalResult last, Map<String, List<Double>> history, double seconds,
                         long steps) {
    }

    /** Trains from scratch ({@code resume} null) or from a checkpoint folder. */
    public Result run(Path resume) {
        OpenCvNatives.load();
        OneDnnIsa.warning().ifPresent(log::println);
        TrainConfig.Train t = config.train();
        if (t.threads() > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(t.threads()));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) (long) t.seed());
        Dataset train = Dataset.open(Path.of(config.data().train()));
        List<DatasetSample> trainSamples = new ArrayList<>(train.samples(config.data().trainSplit()));
        Dataset eval = config.data().eval() == null ? null : Dataset.open(Path.of(config.data().eval()));
        List<DatasetSample> evalSamples = eval == null ? List.of() : eval.samples();
        if (eval != null && config.data().evalLimit() > 0 && evalSamples.size() > config.data().evalLimit()) {
            evalSamples = evalSamples.subList(0, config.data().evalLimit());
        }
        if (trainSamples.size() < t.batchSize()) {
            throw new TrainConfigException("data.train split '" + config.data().trainSplit() + "' has "
                    + trainSamples.size() + " samples, fewer than train.batchSize " + t.batchSize());
        }
        Path runDir = config.runDir();
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new TrainConfigException("cannot create the run folder " + runDir + ": " + e.getMessage());
        }
        int stepsPerEpoch = trainSamples.size() / t.batchSize();
        if (t.stepsPerEpoch() > 0) {
            stepsPerEpoch = Math.min(stepsPerEpoch, t.stepsPerEpoch());
        }
        long totalSteps = (long) stepsPerEpoch * t.epochs();
        if (t.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, t.maxSteps());
        }
        LearningRate lr = new LearningRate(t.lr(), t.warmupSteps(), totalSteps, t.minLrRatio());
        long started = System.nanoTime();
        try (NDManager root = engine.newBaseManager()) {
            MultiTaskNet net = MultiTaskNet.create(config.model(), root);
            List<Task> tasks = new ArrayList<>(net.heads().keySet());
            TaskWeighting weighting = TaskWeighting.create(config.weighting(), tasks, root);
            AdamW optimizer = new AdamW(root, t.weightDecay());
            Map<String, List<Double>> history = new LinkedHashMap<>();
            int startEpoch = 0;
            if (resume != null) {
                Checkpoint.Meta meta = Checkpoint.readMeta(resume);
                Checkpoint.loadParameters(resume, net);
                optimizer.restore(Checkpoint.loadOptimizer(resume, root), meta.step());
                weighting.restore(meta.weighting());
                meta.history().forEach((k, v) -> history.put(k, toDoubles(v)));
                startEpoch = meta.epoch();
                log.printf("resuming %s at epoch %d, step %d%n", resume, startEpoch, meta.step());
            }
            MultiTaskStep stepper = new MultiTaskStep(net, weighting, optimizer, config.loss());
            log.printf(Locale.ROOT, "training %s: %s, heads %s, weighting %s, %d train samples, %d eval, %d steps/epoch x %d epochs, "
                            + "input %dx%d, %.3f GFLOPs, %.3f M params%n", config.name(), config.model().size(),
                    tasks, weighting.name(), trainSamples.size(), evalSamples.size(), stepsPerEpoch, t.epochs(),
                    config.model().inputWidth(), config.model().inputHeight(),
                    net.macs(net.inputShape(1)) / 1e9, net.trainableParameterCount() / 1e6);
            EvalResult last = null;
            try (BatchEncoder encoder = new BatchEncoder(config.model().inputWidth(), config.model().inputHeight(),
                    net.stride(), config.model().detectionClasses().size(), train.manifest().depthScale())) {
                for (int epoch = startEpoch; epoch < t.epochs() && optimizer.step() < totalSteps; epoch++) {
                    List<DatasetSample> order = new ArrayList<>(trainSamples);
                    Collections.shuffle(order, new Random(t.seed() * 1_000_003L + epoch));
                    order = order.subList(0, stepsPerEpoch * t.batchSize());
                    Map<Task, double[]> sums = new LinkedHashMap<>(); // sum, count
                    double[] gradNorms = new double[4]; // sum, count, max, clipped steps
                    ProgressBar bar = progress ? new ProgressBarBuilder().setTaskName("epoch " + (epoch + 1) + "/" + t.epochs())
                            .setInitialMax(stepsPerEpoch).setStyle(ProgressBarStyle.ASCII).setConsumer(
                                    new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
                            .setUpdateIntervalMillis(1000).build() : null;
                    try (BatchLoader loader = new BatchLoader(train, order, t.batchSize(), true, encoder,
                            config.augment(), t.seed() + 7919L * epoch, 3)) {
                        for (Batch b = loader.next(); b != null && optimizer.step() < totalSteps; b = loader.next()) {
                            StepLosses s = stepper.step(b, lr.at(optimizer.step()), t.clipGradNorm());
                            if (!Double.isFinite(s.total())) {
                                throw new IllegalStateException("loss became " + s.total() + " at step " + optimizer.step()
                                        + "; lower train.lr (or, on an AVX-512 CPU, check that ONEDNN_MAX_CPU_ISA=AVX2 is set: docs/training.md#numerics)");
                            }
                            if (Double.isFinite(s.gradNorm())) {
                                gradNorms[0] += s.gradNorm();
                                gradNorms[1]++;
                                gradNorms[2] = Math.max(gradNorms[2], s.gradNorm());
                                if (t.clipGradNorm() > 0 && s.gradNorm() > t.clipGradNorm()) {
                                    gradNorms[3]++;
                                }
                            }
                            s.losses().forEach((task, v) -> {
                                double[] a = sums.computeIfAbsent(task, k -> new double[2]);
                                a[0] += v;
                                a[1]++;
                            });
                            if (bar != null) {
                                bar.step();
                                bar.setExtraMessage(format(s));
                            }
                        }
                    } finally {
                        if (bar != null) {
                            bar.close();
                        }
                    }
                    Map<Task, Double> mean = new LinkedHashMap<>();
                    sums.forEach((task, a) -> mean.put(task, a[0] / Math.max(1, a[1])));
                    Map<Task, Double> weightsUsed = weighting.weights();
                    weighting.endEpoch(mean);
                    for (Task task : tasks) {
                        add(history, "loss." + key(task), mean.getOrDefault(task, Double.NaN));
                        add(history, "weight." + key(task), weightsUsed.get(task));
                    }
                    add(history, "lr", lr.at(optimizer.step()));
                    add(history, "gradnorm.mean", gradNorms[0] / Math.max(1, gradNorms[1]));
                    add(history, "gradnorm.max", gradNorms[2]);
                    add(history, "gradnorm.clipped", gradNorms[3] / Math.max(1, gradNorms[1]));
                    if (eval != null) {
                        last = Evaluator.evaluate(net, eval, evalSamples, t.batchSize());
                        last.headline().forEach((k, v) -> add(history, "val." + k, v));
                        add(history, "val.det_map50_moderate", last.map50Moderate());
                        log.printf(Locale.ROOT, "epoch %d/%d (%d steps, %.0f s): loss %s | grad norm mean %.2f max %.2f | held-out %s%n",
                                epoch + 1, t.epochs(), optimizer.step(), (System.nanoTime() - started) / 1e9, fmt(mean),
                                gradNorms[0] / Math.max(1, gradNorms[1]), gradNorms[2], last.summary());
                    } else {
                        log.printf(Locale.ROOT, "epoch %d/%d: loss %s%n", epoch + 1, t.epochs(), fmt(mean));
                    }
                    add(history, "seconds", (System.nanoTime() - started) / 1e9);
                    Checkpoint.save(runDir.resolve("last"), net, optimizer,
                            new Checkpoint.Meta(config, epoch + 1, optimizer.step(), weighting.state(), new LinkedHashMap<>(history)));
                    writeCurves(runDir, history, tasks);
                }
            }
            double secs = (System.nanoTime() - started) / 1e9;
            Checkpoint.json().writeValue(runDir.resolve("history.json").toFile(), history);
            if (last != null) {
                Checkpoint.json().writeValue(runDir.resolve("eval.json").toFile(), last);
            }
            return new Result(runDir, last, history, secs, optimizer.step());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Double> toDoubles(Object v) {
        List<Double> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            out.add(o == null ? Double.NaN : ((Number) o).doubleValue());
        }
        return out;
    }

    private static String key(Task t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    private static void add(Map<String, List<Double>> h, String k, Double v) {
        h.computeIfAbsent(k, x -> new ArrayList<>()).add(v == null ? Double.NaN : v);
    }

    private static String format(StepLosses s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "L %.3f |g| %.2f", s.total(), s.gradNorm()));
        s.losses().forEach((t, v) -> b.append(String.format(Locale.ROOT, " %s %.3f", t.name().substring(0, 3).toLowerCase(Locale.ROOT), v)));
        return b.toString();
    }

    private static String fmt(Map<Task, Double> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((t, v) -> b.append(b.length() == 0 ? "" : " ").append(key(t)).append(String.format(Locale.ROOT, " %.4f", v)));
        return b.toString();
    }

    private static void writeCurves(Path runDir, Map<String, List<Double>> h, List<Task> tasks) {
        Map<String, List<Double>> loss = new LinkedHashMap<>();
        Map<String, List<Double>> weights = new LinkedHashMap<>();
        for (Task t : tasks) {
            loss.put(key(t), h.get("loss." + key(t)));
            weights.put(key(t), h.get("weight." + key(t)));
        }
        Curves.write(runDir.resolve("curves-loss.png"), "training loss per task", "epoch-mean loss", loss);
        Curves.write(runDir.resolve("curves-weights.png"), "task weights", "weight", weights);
        Map<String, List<Double>> metrics = new LinkedHashMap<>();
        for (String k : List.of("det_map50", "det_map5095", "seg_miou", "depth_absrel", "depth_delta1")) {
            if (h.containsKey("val." + k)) {
                metrics.put(k, h.get("val." + k));
            }
        }
        if (!metrics.isEmpty()) {
            Curves.write(runDir.resolve("curves-metrics.png"), "held-out metrics", "value", metrics);
        }
    }
}
