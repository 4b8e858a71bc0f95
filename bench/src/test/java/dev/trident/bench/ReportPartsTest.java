package dev.trident.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.onnx.OnnxModelFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPartsTest {
    @TempDir
    Path dir;

    @Test
    void percentileAxisLabelsAreDecades() {
        assertThat(Plots.percentileLabel(0)).isEqualTo("0%");
        assertThat(Plots.percentileLabel(1)).isEqualTo("90%");
        assertThat(Plots.percentileLabel(2)).isEqualTo("99%");
        assertThat(Plots.percentileLabel(3)).isEqualTo("99.9%");
        assertThat(Plots.percentileLabel(1.5)).isEmpty();
    }

    @Test
    void soakGrowthAndTrend() {
        double[] flat = {100, 101, 99, 100, 100, 101, 99, 100};
        assertThat(SoakSampler.quarterGrowth(flat)).isBetween(-1.0, 1.0);
        double[] t = new double[20];
        double[] leak = new double[20];
        for (int i = 0; i < 20; i++) {
            t[i] = i * 60;              // one sample a minute
            leak[i] = 200 + i * 0.5;    // +0.5 MB a minute = 30 MB an hour
        }
        assertThat(SoakSampler.slopePerHour(t, leak)).isCloseTo(30.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(SoakSampler.quarterGrowth(leak)).isGreaterThan(5);
        assertThat(SoakSampler.median(new double[] {3, 1, 2})).isEqualTo(2);
    }

    @Test
    void singleTaskModelsKeepOneHeadAndTheirOwnBackbone() throws Exception {
        Path model = GeneratedModel.write(dir.resolve("m.onnx"), GeneratedModel.Spec.tiny());
        List<Path> singles = SingleTaskModels.derive(model, dir.resolve("single"));
        assertThat(singles).extracting(p -> p.getFileName().toString()).containsExactly("m.detection.onnx", "m.segmentation.onnx",
                "m.depth.onnx");
        int full = OnnxModelFile.read(model).proto().getGraph().getNodeCount();
        int sum = 0;
        for (Path p : singles) {
            ModelContract c = Contracts.of(p);
            assertThat(c.heads()).hasSize(1);
            int nodes = OnnxModelFile.read(p).proto().getGraph().getNodeCount();
            assertThat(nodes).isLessThan(full);
            sum += nodes;
        }
        // each carries the shared trunk, so together they hold more nodes than the multi-head model
        assertThat(sum).isGreaterThan(full);
    }

    @Test
    void syntheticFramesDifferAndRealFramesDecode() {
        try (FrameSet s = FrameSet.synthetic(320, 180, 3)) {
            assertThat(s.size()).isEqualTo(3);
            assertThat(s.get(4)).isSameAs(s.get(1));
            org.opencv.core.Mat diff = new org.opencv.core.Mat();
            try {
                org.opencv.core.Core.absdiff(s.get(0), s.get(1), diff);
                assertThat(org.opencv.core.Core.sumElems(diff).val[0]).isPositive();
            } finally {
                diff.release();
            }
        }
        Path real = Path.of(System.getProperty("trident.shared", "../../shared"), "real-frames");
        try (FrameSet f = FrameSet.load(real.toString(), 4)) {
            assertThat(f.size()).isEqualTo(4);
            assertThat(f.width()).isEqualTo(1280);
            assertThat(f.decodeTimes().getTotalCount()).isEqualTo(4);
        }
        assertThatThrownBy(() -> FrameSet.load("drive.mcap", 4)).isInstanceOf(TridentException.class).hasMessageContaining("replay");
    }

    @Test
    void videoFramesDecodeAhead() {
        dev.trident.runtime.image.OpenCvNatives.load();
        Path avi = dir.resolve("drive.avi");
        org.opencv.videoio.VideoWriter w = new org.opencv.videoio.VideoWriter(avi.toString(),
                org.opencv.videoio.VideoWriter.fourcc('M', 'J', 'P', 'G'), 30, new org.opencv.core.Size(320, 180));
        try (FrameSet src = FrameSet.synthetic(320, 180, 5)) {
            assertThat(w.isOpened()).isTrue();
            for (int i = 0; i < 5; i++) {
                w.write(src.get(i));
            }
        } finally {
            w.release();
        }
        try (FrameSet f = FrameSet.load(avi.toString(), 3)) {
            assertThat(f.size()).isEqualTo(3);
            assertThat(f.width()).isEqualTo(320);
            assertThat(f.decodeTimes().getTotalCount()).isEqualTo(3);
        }
    }

    @Test
    void modesParse() {
        assertThat(Mode.parse(List.of("all"))).containsExactly(Mode.values());
        assertThat(Mode.parse(List.of("djl", "runtime", "djl"))).containsExactly(Mode.RUNTIME, Mode.DJL);
        assertThatThrownBy(() -> Mode.parse(List.of("onnx"))).hasMessageContaining("unknown bench mode 'onnx'");
    }
}
