package dev.trident.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.trident.runtime.daemon.Daemon;
import dev.trident.runtime.daemon.DaemonCommand;
import dev.trident.runtime.TestModels;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.source.SourceOptions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The viewer in a real headless Chromium against a real daemon (tiny generated model, real
 * frames): the detections table must update from the WebSocket, and a screenshot is saved to
 * {@code runtime/target/viewer.png}. Chromium is required (Debian package {@code chromium};
 * {@code .ci/run} installs it): without it this test fails and says so.
 */
class ViewerBrowserTest {
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic");

    @TempDir
    Path dir;

    @Test
    void viewerShowsLiveDetectionsAndTheOverlay() throws Exception {
        OpenCvNatives.load();
        String chromium = findChromium();
        Path model = DaemonFixture.tinyModel(); // fast, so results flow even on a loaded machine
        try (Daemon d = DaemonCommand.open(model, TestModels.realFrames().toString(), SourceOptions.defaults().withLoop(true)
                .withFps(15), DaemonFixture.config(DaemonFixture.settings()))) {
            String url = "http://127.0.0.1:" + d.address().getPort() + "/";
            String dom = run(chromium, dir.resolve("profile-dom"), "--virtual-time-budget=10000", "--dump-dom", url);
            Matcher updates = Pattern.compile("data-updates=\"(\\d+)\"").matcher(dom);
            assertThat(updates.find()).as("the detections table in the DOM").isTrue();
            assertThat(Integer.parseInt(updates.group(1))).as("table updates from /ws/results").isGreaterThanOrEqualTo(2);
            assertThat(dom).containsPattern("data-seq=\"\\d+\"");
            assertThat(dom).as("rows for the detections of the last frame").containsPattern("<tr class=\"(det|empty)\">");
            assertThat(dom).doesNotContain("waiting for results");

            Path shot = Path.of("target", "viewer.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            run(chromium, dir.resolve("profile-shot"), "--window-size=1400,900", "--virtual-time-budget=6000",
                    "--screenshot=" + shot, url);
            assertThat(shot).exists();
            Mat png = Imgcodecs.imread(shot.toString());
            MatOfDouble mean = new MatOfDouble();
            MatOfDouble std = new MatOfDouble();
            try {
                assertThat(png.cols()).isEqualTo(1400);
                Mat video = png.submat(80, 560, 30, 960); // where the overlay stream is laid out
                Core.meanStdDev(video, mean, std);
                video.release();
                assertThat(std.toArray()[0]).as("the overlay video area shows a picture, not a blank box").isGreaterThan(20);
            } finally {
                png.release();
                mean.release();
                std.release();
            }
        }
    }

    private static String run(String chromium, Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(chromium);
        cmd.addAll(FLAGS);
        cmd.add("--user-data-dir=" + profile);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 60 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String findChromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return fail("headless Chromium is needed for the viewer test: install it (Debian: apt-get install -y chromium; "
                + ".ci/run does this)");
    }
}
