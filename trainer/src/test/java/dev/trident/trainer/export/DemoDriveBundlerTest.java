package dev.trident.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trident.trainer.data.OpenCvNatives;
import dev.trident.trainer.world.DriveWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

class DemoDriveBundlerTest {
    @TempDir
    Path tmp;

    @Test
    void bundledDriveIsSmallerWithTheSameGroundTruthAndAPlayableVideo() throws Exception {
        OpenCvNatives.load();
        Path bundled = tmp.resolve("bundled");
        Path plain = tmp.resolve("plain");
        long[] sizes = DemoDriveBundler.bundle(bundled, 160, 96, 0.4, 15, 5, 50);
        DriveWriter.generate(plain, 160, 96, 5, 0.4, 15, false, i -> { });

        assertThat(sizes[1]).isLessThan(sizes[0]);
        for (String label : new String[] {"labels/depth/000003.png", "labels/segmentation/000003.png"}) {
            Mat a = Imgcodecs.imread(bundled.resolve(label).toString(), Imgcodecs.IMREAD_UNCHANGED);
            Mat b = Imgcodecs.imread(plain.resolve(label).toString(), Imgcodecs.IMREAD_UNCHANGED);
            Mat diff = new Mat();
            try {
                assertThat(a.type()).isEqualTo(b.type());
                Core.absdiff(a, b, diff);
                assertThat(Core.countNonZero(diff.reshape(1))).as(label + " unchanged").isZero();
            } finally {
                a.release();
                b.release();
                diff.release();
            }
        }
        assertThat(Files.size(bundled.resolve("images/000003.jpg"))).isLessThan(Files.size(plain.resolve("images/000003.jpg")));
        VideoCapture cap = new VideoCapture(bundled.resolve(DriveWriter.VIDEO).toString(), Videoio.CAP_ANY);
        Mat f = new Mat();
        int n = 0;
        try {
            while (cap.read(f)) {
                n++;
            }
        } finally {
            f.release();
            cap.release();
        }
        assertThat(n).isEqualTo(6);
    }
}
