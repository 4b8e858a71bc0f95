package dev.trident.runtime.cli;

import static dev.trident.runtime.TestCli.trident;

import dev.trident.runtime.TestCli.Run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trident.runtime.TestModels;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.image.OpenCvNatives;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** The CLIs end to end: real models on disk, real frames, real PNGs, exit codes. */
class CliTest {
    @TempDir
    Path dir;


    @BeforeAll
    static void natives() {
        OpenCvNatives.load();
    }


    private Path frame() {
        return TestModels.realFrames().resolve("bdd-2.jpg");
    }

    @Test
    void inspectShowsContractTensorsAndProviders() throws Exception {
        Path model = GeneratedModel.write(dir.resolve("m.onnx"), GeneratedModel.Spec.tiny());
        Run r = trident("inspect", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("embedded metadata")
                .contains("image NCHW [1, 3, 96, 160]")
                .contains("detection").contains("centernet")
                .contains("segmentation").contains("[road, sky, vegetation, other]")
                .contains("depth").contains("metric")
                .contains("out  depth [1, 1, 24, 40]")
                .contains("available in this ONNX Runtime build");
    }

    @Test
    void inferOnModelPlusSidecarWritesAnOverlayWithBothPanels() throws Exception {
        Path model = dir.resolve("side.onnx");
        Run gen = trident("gen-model", "--out", model.toString(), "--size", "320x192", "--sidecar");
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(dir.resolve("side.trident.json")).exists();

        Run inspect = trident("inspect", "-m", model.toString());
        assertThat(inspect.out()).contains("sidecar").contains("side.trident.json");

        Path overlay = dir.resolve("out/overlay.png");
        Run r = trident("infer", "--model", model.toString(), "--image", frame().toString(), "--out", overlay.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("frame 1280x720 -> input 320x192").contains("segmentation:").contains("depth:");
        Mat png = Imgcodecs.imread(overlay.toString());
        try {
            assertThat(png.cols()).isEqualTo(2 * 1280);
            assertThat(png.rows()).isEqualTo(720);
            // the right half is the depth colour map: not the photo, not empty
            Mat right = png.submat(0, 720, 1280, 2560);
            assertThat(org.opencv.core.Core.mean(right).val[0] + org.opencv.core.Core.mean(right).val[2]).isGreaterThan(10);
            right.release();
        } finally {
            png.release();
        }
    }

    @Test
    void badInputExitsNonZeroWithOneLine() throws Exception {
        Run missing = trident("infer", "--model", dir.resolve("none.onnx").toString(), "--image", frame().toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("does not exist");

        Path model = GeneratedModel.write(dir.resolve("m.onnx"), GeneratedModel.Spec.tiny());
        Path notImage = Files.writeString(dir.resolve("x.jpg"), "not a jpeg");
        Run bad = trident("infer", "--model", model.toString(), "--image", notImage.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("cannot be decoded");

        Path cfg = Files.writeString(dir.resolve("dev.yaml"), "executionProviders: [cpu]\nthreds: 2\n");
        Run badCfg = trident("inspect", "--model", model.toString(), "--config", cfg.toString());
        assertThat(badCfg.code()).isEqualTo(2);
        assertThat(badCfg.err()).contains("dev.yaml").contains("threds");

        Run badFlag = trident("infer", "--nope");
        assertThat(badFlag.code()).isEqualTo(2);
    }

    @Test
    void inferFallsBackFromCudaAndSaysSo() throws Exception {
        Path model = GeneratedModel.write(dir.resolve("m.onnx"), GeneratedModel.Spec.tiny());
        Run r = trident("infer", "-m", model.toString(), "-i", frame().toString(), "--providers", "cuda,cpu");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("note: cuda is not available").contains("falling back to cpu");
    }
}
