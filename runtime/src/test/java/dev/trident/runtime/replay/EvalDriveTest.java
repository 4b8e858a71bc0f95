package dev.trident.runtime.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.Frame;
import dev.trident.runtime.TestModels;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.mcap.McapWriter;
import dev.trident.runtime.result.DepthMap;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.PerceptionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * eval-drive end to end. The ground truth of a log of real frames is the model's own output
 * (computed here by a separate engine run on the same JPEGs), so the whole pipeline must score
 * perfectly; perturbed ground truth must score exactly as perturbed.
 */
class EvalDriveTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void model() throws Exception {
        model = GeneratedModel.write(dir.resolve("m.onnx"), GeneratedModel.Spec.tiny());
    }

    /** Boxes shifted right by {@code shift} pixels (out of the frame: no overlap with anything); depth × {@code depthFactor}. */
    static Path writeLog(String name, double shift, double depthFactor) throws Exception {
        Path log = dir.resolve(name);
        long t0 = 1_700_000_000_000_000_000L;
        try (Engine engine = Engine.open(model, DeviceConfig.defaults());
             DriveLogWriter w = DriveLogWriter.create(log, McapWriter.Options.defaults().withSyncChunks(false))) {
            PerceptionResult r = engine.newResult();
            for (int i = 1; i <= 6; i++) {
                byte[] jpeg = Files.readAllBytes(TestModels.realFrames().resolve("bdd-" + i + ".jpg"));
                long t = t0 + i * 33_333_333L;
                w.writeFrame(t, jpeg, 0, jpeg.length);
                Mat img = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);
                Mat seg = new Mat();
                Mat depth = new Mat(img.rows(), img.cols(), CvType.CV_16UC1);
                try {
                    engine.process(Frame.of(img, i), r);
                    List<GroundTruth.Box> boxes = new ArrayList<>();
                    for (Detection d : r.detections()) {
                        float dx = (float) shift;
                        boxes.add(new GroundTruth.Box(d.label(), d.x1() + dx, d.y1(), d.x2() + dx, d.y2()));
                    }
                    r.segmentation().orElseThrow().toSourceResolution(seg);
                    DepthMap dm = r.depth().orElseThrow();
                    short[] values = new short[img.rows() * img.cols()];
                    for (int y = 0; y < img.rows(); y++) {
                        for (int x = 0; x < img.cols(); x++) {
                            float m = dm.depthAtSource(x + 0.5, y + 0.5);
                            values[y * img.cols() + x] = Float.isFinite(m)
                                    ? (short) Math.min(65535, Math.max(1, Math.round(m * depthFactor * GroundTruth.DEPTH_SCALE))) : 0;
                        }
                    }
                    depth.put(0, 0, values);
                    w.writeGroundTruth(new GroundTruth(t, img.cols(), img.rows(), boxes,
                            r.contract().heads().stream().filter(h -> h.task() == dev.trident.runtime.contract.Task.SEGMENTATION)
                                    .findFirst().orElseThrow().classes(), png(seg), png(depth), GroundTruth.DEPTH_SCALE));
                    assertThat(boxes).as("the generated model should detect something on bdd-" + i).isNotEmpty();
                } finally {
                    img.release();
                    seg.release();
                    depth.release();
                }
            }
        }
        return log;
    }

    static byte[] png(Mat m) {
        MatOfByte out = new MatOfByte();
        try {
            Imgcodecs.imencode(".png", m, out);
            return out.toArray();
        } finally {
            out.release();
        }
    }

    @Test
    void theModelScoredAgainstItsOwnOutputIsPerfect() throws Exception {
        Path log = writeLog("self.mcap", 0, 1);
        Path json = dir.resolve("self.json");
        dev.trident.runtime.TestCli.Run r = dev.trident.runtime.TestCli.trident("eval-drive", log.toString(), "--model", model.toString(), "--out", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("detection  mAP@0.50 1.0000").contains("mIoU 1.0000").contains("AbsRel");
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("framesWithGroundTruth").asInt()).isEqualTo(6);
        assertThat(j.get("detection").get("mAP").asDouble()).isEqualTo(1.0);
        assertThat(j.get("segmentation").get("mIoU").asDouble()).isEqualTo(1.0);
        assertThat(j.get("depth").get("absRel").asDouble()).isLessThan(0.005); // 1/256 m quantisation only
        assertThat(j.get("depth").get("delta1").asDouble()).isEqualTo(1.0);
        assertThat(j.get("depth").get("pixels").asLong()).isGreaterThan(6 * 640 * 360 / 2);
    }

    @Test
    void perturbedGroundTruthScoresAsPerturbed() throws Exception {
        Path log = writeLog("shifted.mcap", 5000, 2.0);
        dev.trident.runtime.TestCli.Run r = dev.trident.runtime.TestCli.trident("eval-drive", log.toString(), "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(dir.resolve("shifted.eval.json").toFile());
        assertThat(j.get("detection").get("mAP").asDouble()).isZero(); // every box moved out of the frame: IoU 0
        assertThat(j.get("depth").get("absRel").asDouble()).isCloseTo(0.5, within(0.005)); // pred = truth / 2
        assertThat(j.get("segmentation").get("mIoU").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aLogWithoutGroundTruthIsRejected() throws Exception {
        Path log = dir.resolve("plain.mcap");
        dev.trident.runtime.TestCli.Run rec = dev.trident.runtime.TestCli.trident("record", "--source", TestModels.realFrames().toString(), "--out", log.toString(), "--max-frames", "2");
        assertThat(rec.code()).as(rec.err()).isZero();
        RecordReplayTest.expectBad(dev.trident.runtime.TestCli.trident("eval-drive", log.toString(), "--model", model.toString()), "has no ground truth");
        RecordReplayTest.expectBad(dev.trident.runtime.TestCli.trident("eval-drive", log.toString()), "--model is required");
    }
}
