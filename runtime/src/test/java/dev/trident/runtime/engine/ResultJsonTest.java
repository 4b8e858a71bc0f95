package dev.trident.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.Frame;
import dev.trident.runtime.TestModels;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.result.PerceptionResult;
import dev.trident.runtime.result.ResultJson;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** The result's JSON form, through a real engine run on the exact-output model. */
class ResultJsonTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }

    @Test
    void writesDetectionsFractionsRleDepthAndTimings() throws Exception {
        Path model = TestModels.write(dir, "exact.onnx",
                TestModels.constantOutputs(64, 64, EngineTest.exactContract(), EngineTest.exactOutputs(10f)));
        Mat frame = new Mat(64, 128, CvType.CV_8UC3, new Scalar(1, 2, 3));
        try (Engine engine = Engine.open(model, DeviceConfig.defaults().withWarmupRuns(0))) {
            PerceptionResult r = engine.process(new Frame(frame, 5, 123L, 1_700_000_000_000L));
            ResultJson json = new ResultJson();
            JsonNode n = new ObjectMapper().readTree(json.write(r, new ResultJson.Options(true, true), 1_700_000_000_040L));
            assertThat(n.get("seq").asLong()).isEqualTo(5);
            assertThat(n.get("captureNs").asLong()).isEqualTo(123);
            assertThat(n.get("publishEpochMs").asLong()).isEqualTo(1_700_000_000_040L);
            assertThat(n.get("heads").toString()).isEqualTo("[\"det\",\"seg\",\"depth\"]");
            JsonNode d = n.get("detections").get(0);
            assertThat(d.get("class").asText()).isEqualTo("b");
            assertThat(d.get("box").toString()).isEqualTo("[34.0,16.0,50.0,24.0]");
            assertThat(n.at("/segmentation/seg/fractions/sky").asDouble()).isEqualTo(0.5);
            // 16 columns × 4 padding rows of class 0, then 4 rows of sky (2), 4 rows road (0), 4 padding rows (0)
            assertThat(n.at("/segmentation/seg/rle/runs").toString()).isEqualTo("[0,64,2,64,0,128]");
            assertThat(n.at("/depth/depth/nearestAheadM").asDouble()).isEqualTo(10.0);
            assertThat(n.at("/depth/depth/validFraction").asDouble()).isEqualTo(1.0);
            assertThat(n.has("nonFinite")).isFalse();
            assertThat(n.at("/timings/inferenceMs").asDouble()).isPositive();

            String a = json.write(r, ResultJson.Options.DETERMINISTIC, 1);
            String b = json.write(engine.process(new Frame(frame, 5, 999L, 1_700_000_000_000L)), ResultJson.Options.DETERMINISTIC, 2);
            assertThat(a).isEqualTo(b).doesNotContain("timings").doesNotContain("captureNs");
        } finally {
            frame.release();
        }
    }
}
