package dev.trident.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.trident.runtime.contract.ContractJson;
import dev.trident.runtime.contract.ModelContract;
import dev.trident.runtime.contract.SegmentationActivation;
import dev.trident.runtime.contract.Task;
import dev.trident.runtime.onnx.OnnxModelFile;
import dev.trident.trainer.cli.TrainerCli;
import dev.trident.trainer.model.MultiTaskNet;
import dev.trident.trainer.train.AdamW;
import dev.trident.trainer.train.Checkpoint;
import dev.trident.trainer.train.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelExporter} on real checkpoint folders: files, figures, and failures that leave nothing behind. */
class ModelExporterTest {
    @TempDir
    Path tmp;

    private Path checkpoint() {
        Path dir = tmp.resolve("run/last");
        try (NDManager m = ExportTestSupport.manager()) {
            MultiTaskNet net = NetworkExportTest.tinyNet("residual", m);
            TrainConfig cfg = new TrainConfig("tiny", new TrainConfig.Data(tmp.resolve("no-train").toString(), null,
                    tmp.resolve("no-eval").toString(), null), net.config(), null, null, null, null, tmp.toString());
            dir.getParent().toFile().mkdirs();
            Checkpoint.save(dir, net, new AdamW(m, 0), new Checkpoint.Meta(cfg, 3, 30, Map.of(), Map.of()));
        }
        return dir;
    }

    private static Path frames() {
        String shared = System.getProperty("trident.shared");
        return shared == null ? null : Path.of(shared, "real-frames");
    }

    @Test
    void exportsFp32AndFp16WithParityFiguresAndNoLeftovers() throws IOException {
        Path ck = checkpoint();
        Path outDir = Files.createDirectories(tmp.resolve("models"));
        StringWriter log = new StringWriter();
        ModelExporter.Report r = ModelExporter.export(new ModelExporter.Options(ck, outDir.resolve("m.onnx"), true, false, false,
                null, null, 0, true, frames(), 2, false), new PrintWriter(log, true));

        assertThat(r.files()).extracting(w -> w.file().getFileName().toString()).containsExactly("m.onnx", "m-fp16.onnx");
        assertThat(r.files().get(0).parity().max()).isLessThanOrEqualTo(ParityCheck.FP32_TOLERANCE);
        assertThat(r.files().get(1).parity().max()).isGreaterThan(0);
        try (Stream<Path> s = Files.list(outDir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m.onnx", "m-fp16.onnx");
        }
        assertThat(log.toString()).contains("m.onnx FP32 parity vs DJL").contains("det_heatmap").contains("no eval set");
        ModelContract c = ContractJson.parse(OnnxModelFile.read(outDir.resolve("m.onnx")).metadata(ModelContract.METADATA_KEY)
                .orElseThrow(), "test");
        assertThat(c.name()).isEqualTo("trident-n");
        assertThat(log.toString()).contains("seg_classes");
        assertThat(c.heads()).filteredOn(h -> h.task() == Task.SEGMENTATION).singleElement()
                .satisfies(h -> assertThat(h.segmentation().activation()).isEqualTo(SegmentationActivation.ARGMAX))
                .satisfies(h -> assertThat(h.output("mask")).isEqualTo("seg_classes"));
        assertThat(c.camera().focalLengthPx()).as("90° HFOV at 96 px wide").isCloseTo(48.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(Files.size(outDir.resolve("m-fp16.onnx"))).isLessThan(Files.size(outDir.resolve("m.onnx")) * 7 / 10);
    }

    @Test
    void singleTaskExportWritesOneModelPerHead() throws IOException {
        Path ck = checkpoint();
        Path outDir = Files.createDirectories(tmp.resolve("single"));
        ModelExporter.Report r = ModelExporter.export(new ModelExporter.Options(ck, outDir.resolve("s.onnx"), false, false, true,
                null, null, 0, false, null, 1, true), new PrintWriter(new StringWriter()));
        assertThat(r.files()).extracting(w -> w.file().getFileName().toString())
                .containsExactly("s-detection.onnx", "s-segmentation.onnx", "s-depth.onnx");
        ModelContract depth = ContractJson.parse(OnnxModelFile.read(outDir.resolve("s-depth.onnx"))
                .metadata(ModelContract.METADATA_KEY).orElseThrow(), "test");
        assertThat(depth.heads()).extracting(h -> h.name()).containsExactly("depth");
        assertThat(depth.name()).isEqualTo("trident-n-depth");
        ModelContract seg = ContractJson.parse(OnnxModelFile.read(outDir.resolve("s-segmentation.onnx"))
                .metadata(ModelContract.METADATA_KEY).orElseThrow(), "test");
        assertThat(seg.heads().get(0).segmentation().activation()).as("--segmentation-logits")
                .isEqualTo(SegmentationActivation.LOGITS);
        assertThat(seg.heads().get(0).output("mask")).isEqualTo("seg_logits");
    }

    @Test
    void aCorruptCheckpointIsNamedAndNothingIsWritten() throws IOException {
        Path ck = checkpoint();
        Path params = ck.resolve(Checkpoint.PARAMS);
        byte[] all = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(all, all.length / 2));
        Path outDir = Files.createDirectories(tmp.resolve("out"));
        assertThatThrownBy(() -> ModelExporter.export(new ModelExporter.Options(ck, outDir.resolve("m.onnx"), true, false,
                false, null, null, 0, false, null, 1, false), new PrintWriter(new StringWriter())))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining(params.toString())
                .hasMessageContaining("corrupt");
        try (Stream<Path> s = Files.list(outDir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void theCliExitsNonZeroWithOneLineForAMissingCheckpoint() {
        StringWriter err = new StringWriter();
        var cli = new picocli.CommandLine(new TrainerCli());
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("export", "--checkpoint", tmp.resolve("nothing").toString(), "--out",
                tmp.resolve("m.onnx").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().trim()).startsWith("trident export: checkpoint").contains("checkpoint.json").doesNotContain("\n");
        assertThat(Files.exists(tmp.resolve("m.onnx"))).isFalse();
    }

    @Test
    void variantNamesFollowTheOutputStem() {
        assertThat(ModelExporter.variantPath(Path.of("models/trident-s.onnx"), "", OnnxOps.Precision.FP16))
                .isEqualTo(Path.of("models/trident-s-fp16.onnx"));
        assertThat(ModelExporter.variantPath(Path.of("m.onnx"), "-depth", OnnxOps.Precision.FP32)).isEqualTo(Path.of("m-depth.onnx"));
    }
}
