package dev.trident.trainer.export;

import dev.trident.runtime.Frame;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.contract.ContractSource;
import dev.trident.runtime.contract.HeadSpec;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.SegmentationMap;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.metrics.DepthMetrics;
import dev.trident.trainer.metrics.DetectionMetrics;
import dev.trident.trainer.metrics.SegmentationMetrics;
import dev.trident.trainer.train.Augmentation;
import dev.trident.trainer.train.Batch;
import dev.trident.trainer.train.BatchEncoder;
import dev.trident.trainer.train.BatchLoader;
import dev.trident.trainer.train.EvalResult;
import dev.trident.trainer.train.Evaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Scores an exported model the way a vehicle runs it — the runtime {@link Engine}: its
 * preprocessing (OpenCV resize, normalisation into the tensor), ONNX Runtime, its decoders — with
 * the trainer's metrics and ground truth ({@link Evaluator}'s: labels through the trainer's own
 * encoder, detections scored in model-input pixels, segmentation and depth at the head cells
 * spread over the input pixels). Detection is decoded with the evaluator's score threshold and
 * top-K (a sidecar contract beside a temporary copy of the model), so the two evaluations are
 * comparable. Not thread-safe; one evaluation at a time.
 */
public final class EngineEvaluator {
    private EngineEvaluator() {
    }

    /**
     * Scores the model file with the contract it carries (its sidecar, else its embedded metadata):
     * {@code trident eval --model}.
     *
     * @throws TridentException when the model has no contract or the dataset's classes are not the model's
     */
    public static EvalResult evaluate(Path model, Dataset dataset, List<DatasetSample> samples) {
        return evaluate(model, ContractSource.find(OnnxModelFile.read(model)).contract(), dataset, samples);
    }

    /**
     * Scores the model file under {@code contract} (its detection thresholds replaced by the
     * evaluator's, on a temporary copy; the file itself is left as it is).
     *
     * @throws TridentException when the dataset's classes are not the model's
     */
    public static EvalResult evaluate(Path model, ModelContract contract, Dataset dataset, List<DatasetSample> samples) {
        checkClasses(model, contract, dataset);
        Path dir;
        try {
            dir = Files.createTempDirectory("trident-eval");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the evaluation: " + e.getMessage(), e);
        }
        try {
            Path copy = dir.resolve("model.onnx");
            Files.copy(model, copy);
            Files.writeString(dir.resolve("model.trident.json"),
                    ContractJson.write(ContractFactory.withDetectionThresholds(contract, Evaluator.SCORE, Evaluator.TOP_K)));
            try (Engine engine = Engine.open(copy, DeviceConfig.defaults().withWarmupRuns(1))) {
                return run(engine, dataset, samples);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the evaluation copy of " + model + ": " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    /** The first head of the contract with this task, or null. */
    static HeadSpec head(ModelContract contract, Task task) {
        return contract.heads().stream().filter(h -> h.task() == task).findFirst().orElse(null);
    }

    // Scores are per class index: a dataset labelled with other classes (or in another order) would be scored wrongly.
    private static void checkClasses(Path model, ModelContract contract, Dataset dataset) {
        HeadSpec det = head(contract, Task.DETECTION);
        HeadSpec seg = head(contract, Task.SEGMENTATION);
        List<String> dsDet = dataset.manifest().detectionClasses();
        List<String> dsSeg = dataset.manifest().segmentationClasses();
        if (det != null && dsDet != null && !det.classes().equals(dsDet)) {
            throw new TridentException("model " + model + " detects " + det.classes() + " but dataset " + dataset.root()
                    + " labels " + dsDet + "; evaluate on a dataset with the model's detection classes, in its order");
        }
        if (seg != null && dsSeg != null && !seg.classes().equals(dsSeg)) {
            throw new TridentException("model " + model + " segments " + seg.classes() + " but dataset " + dataset.root()
                    + " labels " + dsSeg + "; evaluate on a dataset with the model's segmentation classes, in its order");
        }
        if ((det == null || dsDet == null) && (seg == null || dsSeg == null)
                && (head(contract, Task.DEPTH) == null || !dataset.manifest().tasks().contains(Task.DEPTH))) {
            throw new TridentException("model " + model + " and dataset " + dataset.root() + " share no task to score");
        }
    }

    private static EvalResult run(Engine engine, Dataset dataset, List<DatasetSample> samples) {
        ModelContract contract = engine.contract();
        HeadSpec detHead = head(contract, Task.DETECTION);
        HeadSpec segHead = head(contract, Task.SEGMENTATION);
        HeadSpec depthHead = head(contract, Task.DEPTH);
        int w = contract.input().width();
        int h = contract.input().height();
        // the label encoder's own stride (heatmap targets) is not scored here; any that divides the input does
        int stride = detHead != null ? detHead.stride() : depthHead != null ? depthHead.stride() : 1;
        List<String> detClasses = detHead != null ? detHead.classes()
                : dataset.manifest().detectionClasses() != null ? dataset.manifest().detectionClasses() : List.of("object");
        int classes = detClasses.size();
        DetectionMetrics det = new DetectionMetrics(classes);
        SegmentationMetrics seg = segHead == null ? null : new SegmentationMetrics(segHead.classes().size(), BatchEncoder.IGNORE);
        DepthMetrics depth = new DepthMetrics();
        PerceptionResult result = engine.newResult();
        int index = 0;
        try (BatchEncoder enc = new BatchEncoder(w, h, stride, classes, dataset.manifest().depthScale());
             BatchLoader loader = new BatchLoader(dataset, samples, 8, false, enc, Augmentation.NONE, 0, 2)) {
            for (Batch b = loader.next(); b != null; b = loader.next()) {
                for (int i = 0; i < b.size(); i++, index++) {
                    DatasetSample s = samples.get(index);
                    Mat image = Imgcodecs.imread(s.image().toString(), Imgcodecs.IMREAD_COLOR);
                    try {
                        if (image.empty()) {
                            throw new TridentException("eval image " + s.image() + " cannot be read");
                        }
                        engine.process(new Frame(image, index, System.nanoTime(), System.currentTimeMillis()), result);
                    } finally {
                        image.release();
                    }
                    InputTransform t = result.transform();
                    if (detHead != null && b.hasDetection()[i] > 0) {
                        List<float[]> found = new ArrayList<>();
                        for (Detection d : result.detections(detHead.name())) {
                            found.add(new float[] {(float) t.toInputX(d.x1()), (float) t.toInputY(d.y1()),
                                (float) t.toInputX(d.x2()), (float) t.toInputY(d.y2()), d.classId(), d.score()});
                        }
                        det.add(b.boxes().get(i), found);
                    }
                    if (segHead != null && b.hasSegmentation()[i] > 0) {
                        SegmentationMap map = result.segmentation(segHead.name()).orElseThrow();
                        int segStride = w / map.width(); // 1 when the model upsamples its logits
                        byte[] full = new byte[w * h];
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                full[y * w + x] = (byte) map.classAt(x / segStride, y / segStride);
                            }
                        }
                        seg.add(b.segmentationFull()[i], full);
                    }
                    if (depthHead != null && b.hasDepth()[i] > 0) {
                        DepthMap map = result.depth(depthHead.name()).orElseThrow();
                        int depthStride = w / map.width();
                        float[] full = new float[w * h];
                        for (int y = 0; y < h; y++) {
                            for (int x = 0; x < w; x++) {
                                full[y * w + x] = map.depthAt(x / depthStride, y / depthStride);
                            }
                        }
                        depth.add(b.depthFull()[i], full);
                    }
                }
            }
        }
        boolean detOk = detHead != null && det.images() > 0;
        boolean depthOk = depthHead != null && depth.pixels() > 0;
        double[] ap = detOk ? det.apPerClass(0.5) : new double[0];
        double[] ap5095 = detOk ? det.apPerClass5095() : new double[0];
        double[] iou = seg != null ? seg.iouPerClass() : new double[0];
        return new EvalResult(detOk ? det.map(0.5) : Double.NaN, detOk ? det.map5095() : Double.NaN,
                Arrays.stream(ap).boxed().toList(), Arrays.stream(ap5095).boxed().toList(),
                seg != null ? seg.miou() : Double.NaN, Arrays.stream(iou).boxed().toList(),
                depthOk ? depth.absRel() : Double.NaN, depthOk ? depth.rmse() : Double.NaN,
                depthOk ? depth.delta1() : Double.NaN, samples.size(),
                detOk ? det.map(0.5, DetectionMetrics.KITTI_MODERATE_HEIGHT * h) : Double.NaN);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
