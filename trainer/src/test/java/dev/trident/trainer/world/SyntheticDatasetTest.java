package dev.trident.trainer.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.runtime.contract.Task;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetException;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.data.LabelledSample;
import dev.trident.trainer.data.PartialLabels;
import dev.trident.trainer.data.YoloBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class SyntheticDatasetTest {
    private static final int W = 192;
    private static final int H = 112;

    @TempDir
    Path tmp;

    @Test
    void readerRoundTripsWhatTheGeneratorWrote() {
        Path out = tmp.resolve("ds");
        SyntheticDataset.generate(out, W, H, 6, 17, PartialLabels.NONE, false, i -> { });
        Dataset ds = Dataset.open(out);
        assertThat(ds.samples()).hasSize(6);
        assertThat(ds.manifest().detectionClasses()).isEqualTo(WorldClasses.DETECTION);
        assertThat(ds.manifest().segmentationClasses()).isEqualTo(WorldClasses.SEGMENTATION);
        assertThat(ds.manifest().camera()).isEqualTo(SceneGenerator.defaultCamera(W, H));
        assertThat(ds.validate()).containsEntry(Task.DETECTION, 6).containsEntry(Task.DEPTH, 6);

        CameraIntrinsics camera = SceneGenerator.defaultCamera(W, H);
        RenderedFrame f = new RenderedFrame(W, H);
        WorldRenderer r = new WorldRenderer(camera, f);
        SceneGenerator gen = new SceneGenerator(camera);
        for (DatasetSample s : ds.samples()) {
            int i = Integer.parseInt(s.name());
            long seed = SyntheticDataset.frameSeed(17, i);
            Scene scene = gen.still(seed);
            r.render(scene, scene.ego(), seed);
            try (LabelledSample l = ds.load(s)) {
                byte[] seg = new byte[W * H];
                l.segmentation().get(0, 0, seg);
                assertThat(seg).isEqualTo(f.semantic());
                short[] depth = new short[W * H];
                l.depth().get(0, 0, depth);
                for (int k = 0; k < depth.length; k++) {
                    float z = f.depth()[k];
                    int expected = z <= WorldClasses.MAX_DEPTH_M ? Math.round(z * 256) : 0;
                    assertThat(depth[k] & 0xffff).isEqualTo(expected);
                }
                List<YoloBox> expected = FrameLabels.yolo(f);
                assertThat(l.boxes()).hasSameSizeAs(expected);
                for (int k = 0; k < expected.size(); k++) {
                    YoloBox a = l.boxes().get(k);
                    YoloBox b = expected.get(k);
                    assertThat(a.classId()).isEqualTo(b.classId());
                    assertThat(a.x1(W)).isCloseTo(b.x1(W), org.assertj.core.data.Offset.offset(1e-3));
                    assertThat(a.y2(H)).isCloseTo(b.y2(H), org.assertj.core.data.Offset.offset(1e-3));
                }
                assertThat(l.image().cols()).isEqualTo(W);
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
        SyntheticDataset.generate(tmp.resolve("a"), W, H, 3, 5, PartialLabels.parse("depth=0.5"), false, i -> { });
        SyntheticDataset.generate(tmp.resolve("b"), W, H, 3, 5, PartialLabels.parse("depth=0.5"), false, i -> { });
        SyntheticDataset.generate(tmp.resolve("c"), W, H, 3, 6, PartialLabels.parse("depth=0.5"), false, i -> { });
        Map<Path, byte[]> a = files(tmp.resolve("a"));
        Map<Path, byte[]> b = files(tmp.resolve("b"));
        assertThat(a.keySet()).isEqualTo(b.keySet()).hasSizeGreaterThan(10);
        a.forEach((p, bytes) -> assertThat(b.get(p)).as(p.toString()).isEqualTo(bytes));
        assertThat(files(tmp.resolve("c")).get(Path.of("images/000000.jpg"))).isNotEqualTo(a.get(Path.of("images/000000.jpg")));
    }

    static Map<Path, byte[]> files(Path root) throws IOException {
        Map<Path, byte[]> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void partialLabelFractionsAreHonoured() throws IOException {
        Path out = tmp.resolve("partial");
        SyntheticDataset.generate(out, 64, 32, 20, 3, PartialLabels.parse("detection=0.5,depth=0.3"), false, i -> { });
        assertThat(count(out.resolve("labels/detection"))).isEqualTo(10);
        assertThat(count(out.resolve("labels/depth"))).isEqualTo(6);
        assertThat(count(out.resolve("labels/segmentation"))).isEqualTo(20);
        assertThat(count(out.resolve("images"))).isEqualTo(20);
        Dataset ds = Dataset.open(out);
        assertThat(ds.labelledCounts()).containsEntry(Task.DETECTION, 10).containsEntry(Task.DEPTH, 6)
                .containsEntry(Task.SEGMENTATION, 20);
        assertThat(ds.samples("val")).hasSize(2);
        try (LabelledSample s = ds.load(ds.samples().stream().filter(x -> !x.has(Task.DEPTH)).findFirst().orElseThrow())) {
            assertThat(s.depth()).isNull();
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void readerNamesTheBadFile() throws IOException {
        Path out = tmp.resolve("bad");
        SyntheticDataset.generate(out, 64, 32, 2, 1, PartialLabels.NONE, false, i -> { });
        Path seg = out.resolve("labels/segmentation/000001.png");
        Path img = out.resolve("images/000000.jpg");
        Path det = out.resolve("labels/detection/000000.txt");

        Mat m = new Mat(32, 64, CvType.CV_8UC1, new Scalar(20));
        Imgcodecs.imwrite(seg.toString(), m);
        m.release();
        assertThatThrownBy(() -> Dataset.open(out).validate()).isInstanceOf(DatasetException.class)
                .hasMessageContaining(seg.toString()).hasMessageContaining("class id 20");

        Mat big = new Mat(40, 64, CvType.CV_8UC1, new Scalar(0));
        Imgcodecs.imwrite(seg.toString(), big);
        big.release();
        assertThatThrownBy(() -> Dataset.open(out).validate()).hasMessageContaining(seg.toString())
                .hasMessageContaining("64x40");

        Files.writeString(det, "9 0.5 0.5 0.1 0.1\n");
        assertThatThrownBy(() -> Dataset.open(out).validate()).hasMessageContaining(det + ":1")
                .hasMessageContaining("class id 9");

        Files.write(img, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Dataset.open(out).validate()).hasMessageContaining(img.toString())
                .hasMessageContaining("unreadable");

        Files.writeString(out.resolve("dataset.yaml"), "format: trident-dataset\nversion: 1\n");
        assertThatThrownBy(() -> Dataset.open(out)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("dataset.yaml").hasMessageContaining("image");
    }

    @Test
    void refusesANonEmptyFolderUnlessOverwriting() throws IOException {
        Path out = tmp.resolve("twice");
        SyntheticDataset.generate(out, 64, 32, 2, 1, PartialLabels.NONE, false, i -> { });
        assertThatThrownBy(() -> SyntheticDataset.generate(out, 64, 32, 2, 1, PartialLabels.NONE, false, i -> { }))
                .isInstanceOf(DatasetException.class).hasMessageContaining("--overwrite");
        SyntheticDataset.generate(out, 64, 32, 1, 1, PartialLabels.NONE, true, i -> { });
        assertThat(count(out.resolve("images"))).isEqualTo(1);
    }
}
