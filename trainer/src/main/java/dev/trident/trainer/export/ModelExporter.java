package dev.trident.trainer.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.preprocess.Preprocessor;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetManifest;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.data.OpenCvNatives;
import dev.trident.trainer.model.ModelConfig;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.train.Checkpoint;
import dev.trident.trainer.train.EvalResult;
import dev.trident.trainer.train.Evaluator;
import dev.trident.trainer.train.TrainConfigException;
import dev.trident.trainer.world.SceneGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * {@code trident export}: a training checkpoint → ONNX model(s), proven equal to the trainer:
 * <ol>
 *   <li>reads the checkpoint (config + DJL parameters) — a missing or corrupt one is a one-line error;</li>
 *   <li>builds the graph ({@link OnnxExporter}; BatchNorm folded, outputs named per head, the
 *       segmentation class map computed in the graph unless the logits are asked for, the
 *       contract embedded) and checks its structure ({@link GraphCheck});</li>
 *   <li>FP32 parity: random inputs, the real frames and a few eval images (through the runtime
 *       {@link Preprocessor}, so the inputs are what the contract says) through DJL and ONNX
 *       Runtime; any output off by more than {@value ParityCheck#FP32_TOLERANCE} fails the export and
 *       names the first diverging node;</li>
 *   <li>optionally the FP16 variant, its output differences and its metric deltas;</li>
 *   <li>pipeline parity on the eval set: the runtime engine's metrics vs the trainer's, within
 *       {@value MetricComparison#PIPELINE_POINTS} points;</li>
 *   <li>only then moves the files into place: a failed export leaves no file behind.</li>
 * </ol>
 * Not thread-safe; one export at a time.
 */
public final class ModelExporter {
    private ModelExporter() {
    }

    /**
     * @param checkpoint   checkpoint folder (runs/NAME/best or last)
     * @param out          the FP32 model file to write (FP16: {@code <stem>-fp16.onnx} beside it)
     * @param fp16         also write the FP16 variant
     * @param dynamic      symbolic batch/height/width instead of the static [1, 3, H, W]
     * @param singleTask   one model per head (backbone + neck + that head): {@code <stem>-<head>.onnx}
     * @param name         contract name (null: trident-SIZE[-HEAD])
     * @param data         eval dataset (null: the checkpoint's data.eval when it exists)
     * @param evalLimit    at most this many eval images (0 = all)
     * @param eval         run the metric checks (pipeline parity, FP16 deltas)
     * @param frames       folder of real frames for the parity inputs (null or missing: none)
     * @param randomInputs number of random parity inputs
     * @param segmentationLogits the segmentation output stays the logits ({@code seg_logits}, argmax in
     *                     the runtime) instead of the class map computed in the graph ({@code seg_classes})
     */
    public record Options(Path checkpoint, Path out, boolean fp16, boolean dynamic, boolean singleTask, String name,
                          Path data, int evalLimit, boolean eval, Path frames, int randomInputs, boolean segmentationLogits) {
    }

    /** One written file and its figures. */
    public record Written(Path file, Set<Task> heads, OnnxOps.Precision precision, long bytes,
                          ParityCheck.Result parity, EvalResult engineMetrics) {
    }

    /** What an export did. */
    public record Report(List<Written> files, EvalResult trainerMetrics, List<String> notes) {
    }

    public static Report export(Options o, PrintWriter log) {
        Checkpoint.Meta meta;
        try {
            meta = Checkpoint.readMeta(o.checkpoint());
        } catch (TrainConfigException e) {
            throw new ExportException(e.getMessage());
        }
        ModelConfig config = meta.config().model();
        OpenCvNatives.load();
        List<Path> temps = new ArrayList<>();
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
            MultiTaskNet net = MultiTaskNet.create(config, manager);
            loadParameters(o.checkpoint(), net);
            int stride = net.stride();
            Dataset eval = evalDataset(o, meta);
            List<String> notes = new ArrayList<>();
            CameraIntrinsics camera = trainingCamera(meta, config, notes);

            List<Set<Task>> headSets = new ArrayList<>();
            if (o.singleTask() && net.heads().size() > 1) {
                for (Task t : net.heads().keySet()) {
                    headSets.add(EnumSet.of(t));
                }
            } else {
                headSets.add(EnumSet.copyOf(net.heads().keySet()));
            }
            log.printf("export %s (epoch %d): network %s/%s, heads %s, input %dx%d, stride %d%s, %s shapes%n",
                    o.checkpoint(), meta.epoch(), config.size(), config.block(), lower(net.heads().keySet()),
                    config.inputWidth(), config.inputHeight(), stride,
                    config.segmentationStride() != stride && net.heads().containsKey(Task.SEGMENTATION)
                            ? " (segmentation " + config.segmentationStride() + ": logits upsampled in the graph)" : "",
                    o.dynamic() ? "dynamic" : "static");

            List<DatasetSample> evalSamples = eval == null ? List.of() : limit(eval.samples(), o.evalLimit());
            List<ParityCheck.Input> inputs = parityInputs(o, config, evalSamples, notes);
            log.printf("parity inputs: %d (%s)%n", inputs.size(), labels(inputs));

            EvalResult trainer = null;
            if (o.eval() && eval != null) {
                log.printf("evaluating the checkpoint in DJL on %s (%d images)...%n", eval.root(), evalSamples.size());
                log.flush();
                trainer = Evaluator.evaluate(net, eval, evalSamples, 16);
            } else if (o.eval()) {
                notes.add("no eval set (the checkpoint's data.eval does not exist here; pass --data DIR): "
                        + "pipeline parity and FP16 metric deltas not measured");
            }

            List<Written> written = new ArrayList<>();
            List<Path[]> moves = new ArrayList<>();
            for (Set<Task> heads : headSets) {
                String suffix = headSets.size() > 1 ? "-" + lower(heads).get(0) : "";
                String name = o.name() != null ? o.name() + suffix
                        : "trident-" + config.size() + (net.heads().size() > heads.size() || o.singleTask() ? suffix : "");
                ModelContract contract = ContractFactory.contract(name, config, heads, stride, camera,
                        ContractFactory.SCORE_THRESHOLD, ContractFactory.TOP_K, !o.segmentationLogits());
                List<OnnxOps.Precision> precisions = o.fp16() ? List.of(OnnxOps.Precision.FP32, OnnxOps.Precision.FP16)
                        : List.of(OnnxOps.Precision.FP32);
                EvalResult fp32Metrics = null;
                for (OnnxOps.Precision p : precisions) {
                    Path target = variantPath(o.out(), suffix, p);
                    OnnxExporter.Built built = OnnxExporter.network(net, heads, contract, p, o.dynamic());
                    byte[] bytes = built.model().toByteArray();
                    Path tmp = tempBeside(target);
                    temps.add(tmp);
                    Files.write(tmp, bytes);
                    ParityCheck.Result parity = ParityCheck.compare(net, heads, bytes, inputs);
                    log.printf("%s %s parity vs DJL over %d inputs, max |diff|: %s%n", target.getFileName(), p,
                            parity.inputs(), parity.summary());
                    if (p == OnnxOps.Precision.FP32) {
                        String bad = parity.firstOver(ParityCheck.FP32_TOLERANCE);
                        if (bad != null) {
                            ParityCheck.Input worst = inputs.stream().filter(i -> i.label().equals(parity.worstInput().get(bad)))
                                    .findFirst().orElse(inputs.get(0));
                            throw new ExportException(String.format("FP32 parity failed: output '%s' differs from DJL by %.3g "
                                    + "(> %.0e) on input %s; %s", bad, parity.maxAbs().get(bad), ParityCheck.FP32_TOLERANCE,
                                    worst.label(), ParityCheck.locate(net, built, worst, ParityCheck.FP32_TOLERANCE)));
                        }
                    } else if (parity.nonFinite() > 0) {
                        throw new ExportException("FP16 variant produces " + parity.nonFinite() + " non-finite output values "
                                + "(overflow in float16); export FP32 only");
                    }
                    EvalResult metrics = null;
                    if (trainer != null) {
                        log.printf("evaluating %s through the runtime engine...%n", target.getFileName());
                        log.flush();
                        metrics = EngineEvaluator.evaluate(tmp, contract, eval, evalSamples);
                        if (p == OnnxOps.Precision.FP32) {
                            fp32Metrics = metrics;
                            String bad = MetricComparison.firstOverPoints(trainer, metrics, heads, MetricComparison.PIPELINE_POINTS);
                            printComparison(log, "trainer (DJL)", trainer, "engine FP32", metrics, heads, false);
                            if (bad != null) {
                                throw new ExportException(String.format("pipeline parity failed: %s through the runtime engine is "
                                        + "%.3f, the trainer's is %.3f (more than %.1f points apart); the runtime's "
                                        + "preprocessing or decoders disagree with the trainer's", bad,
                                        MetricComparison.ordered(metrics).get(bad), MetricComparison.ordered(trainer).get(bad),
                                        MetricComparison.PIPELINE_POINTS));
                            }
                            log.printf("pipeline parity: OK (engine within %.1f points of the trainer on every metric)%n",
                                    MetricComparison.PIPELINE_POINTS);
                        } else {
                            printComparison(log, "engine FP32", fp32Metrics, "engine FP16", metrics, heads, true);
                        }
                    }
                    written.add(new Written(target, heads, p, bytes.length, parity, metrics));
                    moves.add(new Path[] {tmp, target});
                }
            }
            for (Path[] m : moves) {
                move(m[0], m[1]);
                temps.remove(m[0]);
            }
            for (Written w : written) {
                log.printf("wrote %s (%s, %s, %.1f KB)%n", w.file(), w.precision(), lower(w.heads()), w.bytes() / 1024.0);
            }
            notes.forEach(n -> log.println("note: " + n));
            log.flush();
            return new Report(written, trainer, notes);
        } catch (IOException e) {
            throw new ExportException("cannot write the model next to " + o.out() + ": " + e.getMessage()
                    + "; check that the folder exists and is writable", e);
        } finally {
            for (Path t : temps) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException e) {
                    // best effort: a leftover hidden temp file is not a model
                }
            }
        }
    }

    /** Loads the parameters, turning every way a params file can be broken into one line. */
    static void loadParameters(Path checkpoint, MultiTaskNet net) {
        Path params = checkpoint.resolve(Checkpoint.PARAMS);
        try {
            Checkpoint.loadParameters(checkpoint, net);
        } catch (TrainConfigException e) {
            // DJL's reader reports a truncated file as an EOFException without a message
            String why = ParityCheck.firstLine(e.getMessage()).replaceFirst(": null$", ": the file ends early");
            throw new ExportException("checkpoint " + params + " is corrupt or from another network (" + why
                    + "); re-run training or pass another checkpoint");
        } catch (RuntimeException e) {
            throw new ExportException("checkpoint " + params + " is corrupt (" + e.getClass().getSimpleName() + ": "
                    + ParityCheck.firstLine(e.getMessage()) + "); re-run training or pass another checkpoint");
        }
    }

    private static Dataset evalDataset(Options o, Checkpoint.Meta meta) {
        if (o.data() != null) {
            if (!Files.isRegularFile(o.data().resolve(DatasetManifest.FILE))) {
                throw new ExportException("--data " + o.data() + " is not a dataset folder (no " + DatasetManifest.FILE
                        + "); make one with ./trident gen-data --out DIR");
            }
            return Dataset.open(o.data());
        }
        String dir = meta.config().data().eval();
        if (dir != null && Files.isRegularFile(Path.of(dir).resolve(DatasetManifest.FILE))) {
            return Dataset.open(Path.of(dir));
        }
        return null;
    }

    /** The training images' camera: the training set's manifest, else the synthetic world's default. */
    private static CameraIntrinsics trainingCamera(Checkpoint.Meta meta, ModelConfig c, List<String> notes) {
        Path train = Path.of(meta.config().data().train());
        if (Files.isRegularFile(train.resolve(DatasetManifest.FILE))) {
            DatasetManifest m = DatasetManifest.read(train);
            if (m.camera() != null) {
                return m.camera();
            }
        }
        notes.add("training set " + train + " not found here: camera.focalLengthPx is the synthetic world's default camera");
        return SceneGenerator.defaultCamera(c.inputWidth(), c.inputHeight());
    }

    private static List<ParityCheck.Input> parityInputs(Options o, ModelConfig c, List<DatasetSample> evalSamples,
                                                        List<String> notes) {
        List<ParityCheck.Input> inputs = new ArrayList<>(ParityCheck.randomInputs(o.randomInputs(), c.inputHeight(),
                c.inputWidth(), 1234));
        List<Path> images = new ArrayList<>();
        if (o.frames() != null && Files.isDirectory(o.frames())) {
            try (Stream<Path> s = Files.list(o.frames())) {
                s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)")).sorted()
                        .limit(6).forEach(images::add);
            } catch (IOException e) {
                notes.add("real frames in " + o.frames() + " unreadable: " + e.getMessage());
            }
        } else {
            notes.add("no real frames for the parity check (" + o.frames() + " is not a folder; pass --frames DIR)");
        }
        evalSamples.stream().limit(4).forEach(s -> images.add(s.image()));
        var spec = ContractFactory.contract("parity", c, c.tasks(), 4, null, 0.3, 1).input();
        try (Preprocessor pre = new Preprocessor(spec)) {
            for (Path p : images) {
                Mat m = Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_COLOR);
                try {
                    if (m.empty()) {
                        throw new ExportException("parity image " + p + " cannot be read; remove it or pass another --frames folder");
                    }
                    pre.run(m);
                    FloatBuffer fb = pre.buffer().duplicate().order(pre.buffer().order()).asFloatBuffer();
                    float[] a = new float[fb.remaining()];
                    fb.get(a);
                    inputs.add(new ParityCheck.Input(p.getFileName().toString(), a));
                } finally {
                    m.release();
                }
            }
        } catch (TridentException e) {
            throw new ExportException("cannot prepare the parity inputs: " + e.getMessage());
        }
        return inputs;
    }

    private static void printComparison(PrintWriter log, String aName, EvalResult a, String bName, EvalResult b,
                                        Set<Task> heads, boolean relative) {
        log.printf("  %-13s %14s %14s %12s%n", "metric", aName, bName, relative ? "rel. delta" : "delta (pts)");
        for (Map.Entry<String, double[]> e : MetricComparison.pairs(a, b, heads).entrySet()) {
            double x = e.getValue()[0];
            double y = e.getValue()[1];
            String d = relative ? String.format("%.2f %%", MetricComparison.relative(x, y) * 100)
                    : String.format("%.3f", MetricComparison.points(e.getKey(), x, y));
            log.printf("  %-13s %14.4f %14.4f %12s%n", e.getKey(), x, y, d);
        }
        if (relative) {
            double worst = 0;
            for (double[] v : MetricComparison.pairs(a, b, heads).values()) {
                worst = Math.max(worst, MetricComparison.relative(v[0], v[1]));
            }
            log.printf("FP16 metric deltas: worst %.2f %% relative (target ≤ %.0f %%)%s%n", worst * 100,
                    MetricComparison.FP16_RELATIVE * 100, worst <= MetricComparison.FP16_RELATIVE ? "" : " — OVER TARGET");
        }
    }

    static Path variantPath(Path out, String suffix, OnnxOps.Precision p) {
        String file = out.getFileName().toString();
        String stem = file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
        String name = stem + suffix + (p == OnnxOps.Precision.FP16 ? "-fp16" : "") + ".onnx";
        return out.resolveSibling(name);
    }

    /** A hidden file name beside the target, unique per process and call; created by the first write (default permissions). */
    private static Path tempBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new IOException("output folder " + dir + " does not exist");
        }
        return dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<DatasetSample> limit(List<DatasetSample> s, int n) {
        return n > 0 && s.size() > n ? s.subList(0, n) : s;
    }

    private static List<String> lower(Set<Task> tasks) {
        return tasks.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    }

    private static String labels(List<ParityCheck.Input> inputs) {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (ParityCheck.Input i : inputs) {
            kinds.merge(i.label().startsWith("random#") ? "random" : i.label(), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        kinds.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(v > 1 ? v + " " + k : k));
        return b.toString();
    }
}
