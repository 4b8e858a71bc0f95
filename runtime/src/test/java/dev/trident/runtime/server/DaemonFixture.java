package dev.trident.runtime.server;

import dev.trident.runtime.TestModels;
import dev.trident.runtime.config.DaemonConfig;
import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.daemon.Daemon;
import dev.trident.runtime.daemon.DaemonCommand;
import dev.trident.runtime.demo.GeneratedModel;
import dev.trident.runtime.source.SourceOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Real daemons for tests: generated models on disk, the real frames, loopback, ephemeral ports. */
public final class DaemonFixture {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DaemonFixture() {
    }

    /** The tiny generated model, written once per JVM. */
    public static synchronized Path tinyModel() throws IOException {
        Path p = Path.of(System.getProperty("java.io.tmpdir"), "trident-daemon-tests-" + ProcessHandle.current().pid(), "tiny.onnx");
        if (!Files.exists(p)) {
            GeneratedModel.write(p, GeneratedModel.Spec.tiny());
            p.getParent().toFile().deleteOnExit(); // deleted in reverse order: the file, then its folder
            p.toFile().deleteOnExit();
        }
        return p;
    }

    /** Daemon settings on an ephemeral loopback port. */
    public static DaemonConfig settings() {
        return DaemonConfig.defaults().withBind("127.0.0.1", 0);
    }

    public static DeviceConfig config(DaemonConfig daemon) {
        return DeviceConfig.defaults().withWarmupRuns(1).withDaemon(daemon);
    }

    /** A daemon on the tiny model and the real frames, looped at {@code fps}. */
    public static Daemon realFrames(DaemonConfig daemon, double fps) throws IOException {
        return DaemonCommand.open(tinyModel(), TestModels.realFrames().toString(),
                SourceOptions.defaults().withLoop(true).withFps(fps), config(daemon));
    }

    public static String ws(Daemon d, String path) {
        return "ws://127.0.0.1:" + d.address().getPort() + path;
    }

    public static HttpResponse<String> get(Daemon d, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.address().getPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<InputStream> stream(Daemon d, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.address().getPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }
}
