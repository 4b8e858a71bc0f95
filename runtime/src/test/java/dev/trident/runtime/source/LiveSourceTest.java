package dev.trident.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.trident.runtime.Frame;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.Size;

/** Live sources against loopback only: a closed port, a silent server, and a real HTTP stream. */
class LiveSourceTest {
    private static final SourceOptions QUICK = SourceOptions.defaults()
            .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400))
            .withOpenTimeout(Duration.ofMillis(500));

    @TempDir
    Path dir;

    @BeforeAll
    static void loadNatives() {
        dev.trident.runtime.image.OpenCvNatives.load();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts read() on another thread, as the pipeline would. */
    private static CompletableFuture<Frame> readAsync(FrameSource source, Mat into) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return source.read(into);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Frame await(CompletableFuture<Frame> f, long millis) throws Exception {
        return f.get(millis, TimeUnit.MILLISECONDS);
    }

    @Test
    void closedPortRetriesWithGrowingBackoffAndCloseUnblocksRead() throws Exception {
        String url = "rtsp://127.0.0.1:" + freePort() + "/cam";
        Mat into = new Mat();
        FrameSource source = FrameSources.open(url, QUICK);
        try {
            assertThat(source.info().kind()).isEqualTo(SourceKind.NETWORK);
            assertThat(source.info().live()).isTrue();
            assertThat(source.stats().state()).isEqualTo(SourceState.STARTING);
            CompletableFuture<Frame> read = readAsync(source, into);
            List<Long> delays = new ArrayList<>();
            long end = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < end && !delays.contains(400L)) {
                SourceStats s = source.stats();
                if (s.retryDelayMillis() > 0 && (delays.isEmpty() || delays.get(delays.size() - 1) != s.retryDelayMillis())) {
                    delays.add(s.retryDelayMillis());
                }
                Thread.sleep(5);
            }
            assertThat(delays).startsWith(50L, 100L, 200L, 400L);
            SourceStats stats = source.stats();
            assertThat(stats.state()).isEqualTo(SourceState.RECONNECTING);
            assertThat(stats.state().healthy()).isFalse();
            assertThat(stats.reconnects()).isGreaterThanOrEqualTo(3);
            assertThat(stats.lastError()).contains(url).containsIgnoringCase("refused");
            assertThat(read).isNotDone();

            long t0 = System.nanoTime();
            source.close();
            assertThat(await(read, 1000)).isNull();
            assertThat((System.nanoTime() - t0) / 1e6).isLessThan(500);
            assertThat(source.stats().state()).isEqualTo(SourceState.DOWN);
        } finally {
            source.close();
            into.release();
        }
    }

    @Test
    @SuppressWarnings("try") // closing inside try-with-resources is the point: close() from another thread
    void silentServerHitsOpenTimeoutAndCloseAbortsABlockedOpen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept()); // accept and never answer
                    }
                } catch (Exception done) {
                    // server closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "rtsp+tcp://127.0.0.1:" + server.getLocalPort() + "/cam";
            Mat into = new Mat();

            try (FrameSource source = FrameSources.open(url, QUICK.withOpenTimeout(Duration.ofMillis(300)))) {
                CompletableFuture<Frame> read = readAsync(source, into);
                long end = System.nanoTime() + 5_000_000_000L;
                while (source.stats().lastError() == null && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
                assertThat(source.stats().lastError()).contains("no answer from").contains("within 300 ms");
                assertThat(source.stats().state()).isEqualTo(SourceState.RECONNECTING);
                source.close();
                assertThat(await(read, 1000)).isNull();
            }

            // a 60 s open timeout: only the interrupt callback can end this blocked open quickly
            try (FrameSource source = FrameSources.open(url, QUICK.withOpenTimeout(Duration.ofSeconds(60)))) {
                CompletableFuture<Frame> read = readAsync(source, into);
                Thread.sleep(300);
                assertThat(read).isNotDone();
                long t0 = System.nanoTime();
                source.close();
                assertThat(await(read, 2000)).isNull();
                assertThat((System.nanoTime() - t0) / 1e6).isLessThan(1000);
            } finally {
                into.release();
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    @Test
    void decodesARealLoopbackHttpStreamAndReconnectsWhenItEnds() throws Exception {
        int count = 20;
        int w = 320;
        int h = 240;
        Path ts = dir.resolve("live.ts");
        TestMedia.encode(ts, "mpegts", "libopenh264", count, w, h, 25);
        byte[] bytes = Files.readAllBytes(ts);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/live.ts", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "video/mp2t");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        http.start();
        Mat into = new Mat();
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/live.ts";
        try (FrameSource source = FrameSources.open(url, QUICK.withOpenTimeout(Duration.ofSeconds(5)))) {
            // each connection serves the clip once; at its end the source reconnects and it plays again
            for (int i = 0; i < count + 5; i++) {
                Frame f = source.read(into);
                assertThat(f.seq()).isEqualTo(i);
                assertThat(into.size()).isEqualTo(new Size(w, h));
                Mat expected = TestMedia.pattern(i % count, w, h);
                assertThat(TestMedia.meanAbsDiff(into, expected)).as("frame %d", i).isLessThan(8);
                expected.release();
                if (i == 0) {
                    assertThat(source.stats().state()).isEqualTo(SourceState.UP);
                    assertThat(source.info().description()).contains("h264").contains("mpegts");
                    assertThat(source.info().width()).isEqualTo(w);
                }
            }
            SourceStats stats = source.stats();
            assertThat(stats.reconnects()).isEqualTo(1);
            assertThat(stats.corruptSkipped()).isZero();
            assertThat(stats.lastError()).contains("stream ended");
            assertThat(stats.state()).isEqualTo(SourceState.UP);
            assertThat(stats.retryDelayMillis()).isZero();
        } finally {
            http.stop(0);
            into.release();
        }
    }

    @Test
    @SuppressWarnings("try")
    void missingCameraRetriesInsteadOfFailing() throws Exception {
        Mat into = new Mat();
        try (FrameSource source = FrameSources.open("/dev/video97", QUICK)) {
            assertThat(source.info().kind()).isEqualTo(SourceKind.CAMERA);
            CompletableFuture<Frame> read = readAsync(source, into);
            long end = System.nanoTime() + 5_000_000_000L;
            while (source.stats().reconnects() < 2 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(source.stats().state()).isEqualTo(SourceState.RECONNECTING);
            assertThat(source.stats().lastError()).contains("cannot open V4L2 camera /dev/video97");
            source.close();
            assertThat(await(read, 1000)).isNull();
        } finally {
            into.release();
        }
    }
}
