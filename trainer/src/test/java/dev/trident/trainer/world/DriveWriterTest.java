package dev.trident.trainer.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.trainer.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

class DriveWriterTest {
    @TempDir
    Path tmp;

    @Test
    void aDriveIsAPlayableClipWithCoherentPerFrameLabelsAndADataset() throws IOException {
        Path dir = tmp.resolve("drive");
        DriveWriter.generate(dir, 160, 96, 4, 1.0, 30, false, i -> { });

        VideoCapture cap = new VideoCapture(dir.resolve(DriveWriter.VIDEO).toString(), Videoio.CAP_ANY);
        Mat m = new Mat();
        int read = 0;
        try {
            assertThat(cap.isOpened()).isTrue();
            while (cap.read(m)) {
                assertThat(m.cols()).isEqualTo(160);
                assertThat(m.rows()).isEqualTo(96);
                read++;
            }
        } finally {
            cap.release();
            m.release();
        }
        assertThat(read).isEqualTo(30);

        List<String> lines = Files.readAllLines(dir.resolve(DriveWriter.FRAMES));
        assertThat(lines).hasSize(30);
        ObjectMapper json = new ObjectMapper();
        long lastTs = -1;
        double lastX = Double.NaN;
        double lastY = 0;
        Map<Integer, double[]> lastPos = new HashMap<>();
        int tracked = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = json.readTree(lines.get(i));
            assertThat(n.get("index").asInt()).isEqualTo(i);
            long ts = n.get("timestamp_ns").asLong();
            assertThat(ts).isEqualTo(Math.round(i * 1e9 / 30));
            assertThat(ts).isGreaterThan(lastTs);
            lastTs = ts;
            JsonNode ego = n.get("ego");
            double x = ego.get("x").asDouble();
            double y = ego.get("y").asDouble();
            if (!Double.isNaN(lastX)) {
                double step = Math.hypot(x - lastX, y - lastY);
                assertThat(step).as("ego moves smoothly at < 20 m/s").isLessThan(20.0 / 30 + 1e-3);
            }
            lastX = x;
            lastY = y;
            Map<Integer, double[]> pos = new HashMap<>();
            for (JsonNode o : n.get("objects")) {
                int id = o.get("id").asInt();
                JsonNode p = o.get("position");
                double[] v = {p.get(0).asDouble(), p.get(1).asDouble()};
                pos.put(id, v);
                double[] before = lastPos.get(id);
                if (before != null) {
                    // in the ego frame an object moves by at most the closing speed × dt
                    assertThat(Math.hypot(v[0] - before[0], v[1] - before[1])).isLessThan(35.0 / 30);
                    tracked++;
                }
            }
            lastPos = pos;
        }
        assertThat(tracked).as("objects tracked across frames").isGreaterThan(10);
        assertThat(lastX).isGreaterThan(3);
        assertThat(Dataset.open(dir).validate()).containsValue(30);
    }

    @Test
    void sameSeedGivesAByteIdenticalDrive() throws IOException {
        DriveWriter.generate(tmp.resolve("a"), 96, 64, 9, 0.2, 30, false, i -> { });
        DriveWriter.generate(tmp.resolve("b"), 96, 64, 9, 0.2, 30, false, i -> { });
        Map<Path, byte[]> a = SyntheticDatasetTest.files(tmp.resolve("a"));
        Map<Path, byte[]> b = SyntheticDatasetTest.files(tmp.resolve("b"));
        assertThat(a.keySet()).isEqualTo(b.keySet()).contains(Path.of(DriveWriter.VIDEO));
        a.forEach((p, bytes) -> assertThat(b.get(p)).as(p.toString()).isEqualTo(bytes));
    }
}
