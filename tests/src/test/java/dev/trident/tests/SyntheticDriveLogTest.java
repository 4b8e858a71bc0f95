package dev.trident.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.cli.TridentCli;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.mcap.McapWriter;
import dev.trident.runtime.replay.DriveImport;
import dev.trident.runtime.replay.DriveLogReader;
import dev.trident.runtime.replay.GroundTruth;
import dev.trident.trainer.world.DriveWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * World → drive folder → MCAP log with ground truth → replay and evaluation through the whole
 * pipeline: the path a synthetic drive takes to become a regression benchmark.
 */
class SyntheticDriveLogTest {
    @TempDir
    Path dir;

    @Test
    void aSyntheticDriveBecomesAnEvaluableLog() throws Exception {
        Path drive = dir.resolve("drive");
        DriveWriter.generate(drive, 160, 96, 7, 1.0, 30, false, done -> { });
        Path log = dir.resolve("drive.mcap");
        DriveImport.Report report = DriveImport.importDrive(drive, log, McapWriter.Options.defaults(), null);
        assertThat(report.frames()).isEqualTo(30);
        assertThat(report.labelledDetection()).isEqualTo(30);

        try (DriveLogReader reader = DriveLogReader.open(log, dev.trident.runtime.replay.DriveLog.CAMERA_TOPIC)) {
            assertThat(reader.frameCount()).isEqualTo(30);
            Map<Long, GroundTruth> gt = reader.groundTruth();
            assertThat(gt).hasSize(30);
            // frame 1 is one 30 fps interval after frame 0 on the log's clock
            List<Long> times = gt.keySet().stream().sorted().toList();
            assertThat(times.get(0)).isEqualTo(DriveImport.EPOCH_NANOS);
            assertThat((double) (times.get(1) - times.get(0))).isCloseTo(1e9 / 30, within(1.0));
            GroundTruth first = gt.get(times.get(0));
            assertThat(first.width()).isEqualTo(160);
            assertThat(first.segmentationPng()).isNotNull();
            assertThat(first.depthPng()).isNotNull();
            // the YOLO label lines and the logged boxes agree
            List<String> yolo = Files.readAllLines(drive.resolve("labels/detection/000000.txt"));
            assertThat(first.boxes()).hasSize((int) yolo.stream().filter(l -> !l.isBlank()).count());
        }

        // same folder, same bytes: the import is deterministic
        Path again = dir.resolve("again.mcap");
        DriveImport.importDrive(drive, again, McapWriter.Options.defaults(), null);
        assertThat(Files.mismatch(log, again)).isEqualTo(-1L);

        // evaluation through the whole pipeline runs and writes a well-formed report
        Path model = GeneratedModel.write(dir.resolve("m.onnx"), GeneratedModel.Spec.tiny());
        Path out = dir.resolve("eval.json");
        int rc = TridentCli.run(new TridentCli(), "eval-drive", log.toString(), "--model", model.toString(), "--out", out.toString());
        assertThat(rc).isZero();
        JsonNode eval = new ObjectMapper().readTree(out.toFile());
        assertThat(eval.toString()).contains("frames");
    }
}
