package dev.trident.runtime.daemon;

import dev.trident.runtime.TestModels;
import dev.trident.runtime.config.DaemonConfig;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.image.OpenCvNatives;
import dev.trident.runtime.server.DaemonFixture;
import dev.trident.runtime.server.WsTestClient;
import dev.trident.runtime.source.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmarks (a main, not a test): pipeline fps with no clients vs 20 WebSocket clients of which
 * one never reads, and a source faster than inference (drops vs latency). Run after
 * {@code ./mvnw -pl runtime test-compile}:
 *
 * <pre>java -Xss8m -Dtrident.shared=../shared -cp runtime/target/test-classes:runtime/target/classes:CP dev.trident.runtime.daemon.DaemonBenchmark [seconds]</pre>
 *
 * where CP is the test class path ({@code -Xss8m}: with the default main-thread stack ONNX Runtime's
 * session creation overflowed it in native code when started with the long test class path).
 */
public final class DaemonBenchmark {
    private DaemonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        OpenCvNatives.load();
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        // the tiny model: many frames per second, so per-frame publishing costs show
        Path model = GeneratedModel.write(Files.createTempDirectory("trident-bench").resolve("tiny.onnx"), GeneratedModel.Spec.tiny());
        // unpaced source: inference is the bottleneck, so fps = what the pipeline sustains
        SourceOptions fast = SourceOptions.defaults().withLoop(true).withRealtime(false);
        DaemonConfig settings = DaemonConfig.defaults().withBind("127.0.0.1", 0).withShedding(0, List.of());

        double base = run(model, fast, settings, 0, seconds, "no clients");
        double loaded = run(model, fast, settings, 20, seconds, "20 clients, 1 never reading");
        double again = run(model, fast, settings, 0, seconds, "no clients (again)");
        double mean = (base + again) / 2;
        System.out.printf(Locale.ROOT, "slow-client impact: %.1f fps (mean of the runs without clients) -> %.1f fps (%+.1f %%)%n",
                mean, loaded, 100 * (loaded - mean) / mean);
        System.exit(0); // the test client's event loop threads are not daemons
    }

    private static double run(Path model, SourceOptions opts, DaemonConfig settings, int clients, int seconds, String label)
            throws Exception {
        try (Daemon d = DaemonCommand.open(model, TestModels.realFrames().toString(), opts, DaemonFixture.config(settings))) {
            List<WsTestClient> cs = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                cs.add(i == 0 ? WsTestClient.connectNeverReading(DaemonFixture.ws(d, "/ws/results?rle=1"))
                        : WsTestClient.connect(DaemonFixture.ws(d, "/ws/results?rle=1")));
            }
            Thread.sleep(2000); // warm-up
            long p0 = d.pipeline().processed();
            long c0 = d.pipeline().captured();
            long dr0 = d.pipeline().dropped();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double secs = (System.nanoTime() - t0) / 1e9;
            long processed = d.pipeline().processed() - p0;
            double fps = processed / secs;
            var w = d.pipeline().latencies();
            long since = System.nanoTime() - (long) (secs * 1e9);
            System.out.printf(Locale.ROOT, "%-28s %.1f fps processed, %.1f fps captured, %d dropped, latency p50 %.1f ms p99 %.1f ms, "
                            + "clients cut off %.0f, client messages dropped %.0f%n", label, fps,
                    (d.pipeline().captured() - c0) / secs, d.pipeline().dropped() - dr0, w.percentileNanos(50, since) / 1e6,
                    w.percentileNanos(99, since) / 1e6, d.metrics().wsCutLagCount(), d.metrics().wsDroppedCount());
            cs.forEach(WsTestClient::close);
            return fps;
        }
    }
}
