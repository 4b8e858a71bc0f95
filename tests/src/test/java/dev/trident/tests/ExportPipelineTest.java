package dev.trident.tests;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.Frame;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.runtime.preprocess.InputTransform;
import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.SegmentationMap;
import dev.trident.trainer.cli.TrainerCli;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.data.PartialLabels;
import dev.trident.trainer.export.ContractFactory;
import dev.trident.trainer.export.ModelExporter;
import dev.trident.trainer.model.DepthHead;
import dev.trident.trainer.model.ModelConfig;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.train.Augmentation;
import dev.trident.trainer.train.Batch;
import dev.trident.trainer.train.BatchEncoder;
import dev.trident.trainer.train.BatchLoader;
import dev.trident.trainer.train.Checkpoint;
import dev.trident.trainer.train.EvalResult;
import dev.trident.trainer.train.Evaluator;
import dev.trident.trainer.train.TrainConfig;
import dev.trident.trainer.train.Trainer;
import dev.trident.trainer.world.SyntheticDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine;

/**
 * Train → export → run: a tiny network trained for a few steps on the synthetic world is exported
 * (FP32 parity and pipeline parity are checked by the exporter itself), then the exported model runs
 * in the runtime engine on held-out frames and its decoded results — detections, class map, depth —
 * match the trainer's own decode of the DJL outputs on the same frames.
 */
class ExportPipelineTest {
    static {
        System.setProperty("ai.djl.offline", "true");
    }

    private static final int W = 128;
    private static final int H = 64;
    private static final float SCORE = 0.05f;

    @TempDir
    Path tmp;

    @Test
    void trainedNetworkExportsAndTheEngineDecodesWhatTheTrainerDecodes() throws Exception {
        Path train = tmp.resolve("train");
        Path eval = tmp.resolve("eval");
        SyntheticDataset.generate(train, W, H, 16, 1, PartialLabels.NONE, false, i -> { });
        SyntheticDataset.generate(eval, W, H, 8, 2, PartialLabels.NONE, false, i -> { });
        ModelConfig model = new ModelConfig("n", "residual", 0.25, 0.5, 4, null, W, H, 0.5, 80.0, null, null, null);
        TrainConfig cfg = new TrainConfig("tiny", new TrainConfig.Data(train.toString(), "train", eval.toString(), null), model,
                new TrainConfig.Train(1, 4, 5e-3, null, 1, null, 7L, null, null, 3, null), null, Augmentation.NONE, null,
                tmp.resolve("runs").toString());
        Trainer.Result run = new Trainer(cfg, new PrintStream(new ByteArrayOutputStream()), false).run(null);
        Path checkpoint = run.runDir().resolve("last");
        assertThat(checkpoint.resolve(Checkpoint.PARAMS)).exists();

        Path out = Files.createDirectories(tmp.resolve("models")).resolve("tiny.onnx");
        StringWriter log = new StringWriter();
        ModelExporter.Report report = ModelExporter.export(new ModelExporter.Options(checkpoint, out, false, false, false,
                null, eval, 0, true, null, 1, false), new PrintWriter(log, true));
        assertThat(log.toString()).contains("pipeline parity: OK");
        assertThat(report.files().get(0).engineMetrics().miou()).isCloseTo(report.trainerMetrics().miou(),
                org.assertj.core.data.Offset.offset(0.005));

        // `trident eval --model` scores the exported file by the export's own engine evaluation: the same numbers
        Path json = tmp.resolve("model-eval.json");
        StringWriter evalErr = new StringWriter();
        CommandLine cli = new CommandLine(new TrainerCli());
        cli.setErr(new PrintWriter(evalErr));
        assertThat(cli.execute("eval", "--model", out.toString(), "--data", eval.toString(), "--json", json.toString()))
                .as(evalErr.toString()).isEqualTo(0);
        JsonNode scored = new ObjectMapper().readTree(json.toFile());
        EvalResult engineMetrics = report.files().get(0).engineMetrics();
        assertThat(scored.get("images").asInt()).isEqualTo(8);
        assertThat(scored.get("map50").asDouble()).isEqualTo(engineMetrics.map50());
        assertThat(scored.get("miou").asDouble()).isEqualTo(engineMetrics.miou());
        assertThat(scored.get("absRel").asDouble()).isEqualTo(engineMetrics.absRel());
        assertThat(scored.get("iouPerClass")).hasSize(engineMetrics.iouPerClass().size());

        // a dataset labelled with other classes is refused in one line, not scored against the wrong indices
        Path renamed = tmp.resolve("eval-renamed");
        copyTree(eval, renamed);
        Path manifest = renamed.resolve("dataset.yaml");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("- car\n", "- automobile\n"));
        StringWriter mismatchErr = new StringWriter();
        CommandLine mismatch = new CommandLine(new TrainerCli());
        mismatch.setErr(new PrintWriter(mismatchErr));
        assertThat(mismatch.execute("eval", "--model", out.toString(), "--data", renamed.toString())).isEqualTo(2);
        assertThat(mismatchErr.toString()).contains("detects [car, truck").contains("labels [automobile, truck")
                .contains("evaluate on a dataset with the model's detection classes").hasLineCount(1);

        // the engine with a low score threshold, so that the barely trained heatmap yields detections
        ModelContract contract = ContractJson.parse(OnnxModelFile.read(out).metadata(ModelContract.METADATA_KEY).orElseThrow(), "t");
        Files.writeString(tmp.resolve("models/tiny.trident.json"),
                ContractJson.write(ContractFactory.withDetectionThresholds(contract, SCORE, Evaluator.TOP_K)));

        Dataset ds = Dataset.open(eval);
        List<DatasetSample> samples = ds.samples().subList(0, 4);
        int stride = 4;
        int hw = W / stride;
        int hh = H / stride;
        int compared = 0;
        int detections = 0;
        int checked = 0;
        long segCells = 0;
        long segSame = 0;
        Checkpoint.Meta meta = Checkpoint.readMeta(checkpoint);
        try (Engine engine = Engine.open(out, DeviceConfig.defaults().withWarmupRuns(0));
             NDManager m = ai.djl.engine.Engine.getEngine("PyTorch").newBaseManager();
             BatchEncoder enc = new BatchEncoder(W, H, stride, model.detectionClasses().size(), ds.manifest().depthScale());
             BatchLoader loader = new BatchLoader(ds, samples, samples.size(), false, enc, Augmentation.NONE, 0, 1)) {
            MultiTaskNet net = MultiTaskNet.create(meta.config().model(), m);
            Checkpoint.loadParameters(checkpoint, net);
            Batch b = loader.next();
            NDList det;
            NDList seg;
            float[] depth;
            var pred = net.predict(b.image(m), false);
            det = pred.get(Task.DETECTION);
            seg = pred.get(Task.SEGMENTATION);
            depth = ((DepthHead) net.head(Task.DEPTH)).toDepth(pred.get(Task.DEPTH).get(0)).toFloatArray();
            float[] heat = Activation.sigmoid(det.get(0)).toFloatArray();
            float[] size = det.get(1).toFloatArray();
            float[] off = det.get(2).toFloatArray();
            byte[] classes = seg.get(0).argMax(1).toType(ai.djl.ndarray.types.DataType.UINT8, false).toByteArray();

            PerceptionResult r = engine.newResult();
            for (int i = 0; i < samples.size(); i++) {
                Mat img = Imgcodecs.imread(samples.get(i).image().toString());
                try {
                    engine.process(new Frame(img, i, System.nanoTime(), System.currentTimeMillis()), r);
                } finally {
                    img.release();
                }
                InputTransform t = r.transform();
                List<float[]> trainer = new ArrayList<>(Evaluator.decode(heat, size, off, i, model.detectionClasses().size(),
                        hh, hw, stride));
                trainer.removeIf(d -> d[5] < SCORE);
                for (float[] d : trainer) { // the runtime returns boxes clipped to the frame
                    d[0] = Math.max(0, Math.min(W, d[0]));
                    d[1] = Math.max(0, Math.min(H, d[1]));
                    d[2] = Math.max(0, Math.min(W, d[2]));
                    d[3] = Math.max(0, Math.min(H, d[3]));
                }
                List<Detection> engineDets = r.detections("detection");
                detections += engineDets.size();
                // with both lists cut at the top K, scores within the parity tolerance of the K-th may
                // fall on either side of the cut: only detections clearly above it must have a twin
                float cut = Float.NEGATIVE_INFINITY;
                if (trainer.size() == Evaluator.TOP_K) {
                    float lowest = Float.POSITIVE_INFINITY;
                    for (float[] d : trainer) {
                        lowest = Math.min(lowest, d[5]);
                    }
                    cut = lowest + 1e-4f;
                }
                for (Detection d : engineDets) {
                    if (d.score() < cut) {
                        continue;
                    }
                    checked++;
                    assertThat(trainer).as("engine detection %s on %s has a trainer twin", d, samples.get(i).name())
                            .anyMatch(x -> x[4] == d.classId() && Math.abs(x[5] - d.score()) < 1e-4
                                    && Math.abs(x[0] - t.toInputX(d.x1())) < 0.05 && Math.abs(x[1] - t.toInputY(d.y1())) < 0.05
                                    && Math.abs(x[2] - t.toInputX(d.x2())) < 0.05 && Math.abs(x[3] - t.toInputY(d.y2())) < 0.05);
                }
                // the trainer may keep both cells of a plateau (the runtime keeps one)
                assertThat(trainer.size()).isBetween(engineDets.size(), engineDets.size() + 2);

                SegmentationMap map = r.segmentation("segmentation").orElseThrow();
                DepthMap dm = r.depth("depth").orElseThrow();
                for (int y = 0; y < hh; y++) {
                    for (int x = 0; x < hw; x++) {
                        int cell = i * hh * hw + y * hw + x;
                        segCells++;
                        segSame += map.classAt(x, y) == (classes[cell] & 0xff) ? 1 : 0;
                        assertThat((double) dm.depthAt(x, y)).isCloseTo(depth[cell],
                                org.assertj.core.data.Percentage.withPercentage(0.01));
                    }
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(4);
        assertThat(detections).as("the low threshold yields detections to compare").isPositive();
        assertThat(checked).as("detections clear of the top-K cut were compared").isPositive();
        assertThat(segSame / (double) segCells).as("class maps agree (argmax near-ties aside)").isGreaterThan(0.995);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
