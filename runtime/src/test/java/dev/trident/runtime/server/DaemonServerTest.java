package dev.trident.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.TridentException;
import dev.trident.runtime.daemon.Daemon;
import dev.trident.runtime.image.OpenCvNatives;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** One real daemon (tiny model, real frames at 30 fps, loopback) and real clients on real sockets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$");
    private Daemon daemon;

    @BeforeAll
    void start() throws Exception {
        OpenCvNatives.load();
        daemon = DaemonFixture.realFrames(DaemonFixture.settings().withIngestToken("not-for-your-eyes"), 30);
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void resultsArriveAsJsonWithIncreasingSeqAndTheTimingTrio() throws Exception {
        try (WsTestClient c = WsTestClient.connect(DaemonFixture.ws(daemon, "/ws/results"))) {
            long last = -1;
            for (int i = 0; i < 12; i++) {
                String m = c.next(10);
                assertThat(m).as("result message %d", i).isNotNull();
                JsonNode n = JSON.readTree(m);
                long seq = n.get("seq").asLong();
                assertThat(seq).isGreaterThan(last);
                last = seq;
                assertThat(n.get("v").asInt()).isEqualTo(1);
                assertThat(n.get("detections").isArray()).isTrue();
                JsonNode p = n.get("pipeline");
                double latency = p.get("latencyMs").asDouble();
                double processing = p.get("processingMs").asDouble();
                assertThat(processing).isPositive();
                assertThat(latency).isGreaterThanOrEqualTo(processing);
                JsonNode st = p.get("stagesNs");
                assertThat(st.get("capture").asLong()).isLessThanOrEqualTo(st.get("dequeue").asLong());
                assertThat(st.get("dequeue").asLong()).isLessThanOrEqualTo(st.get("inferenceStart").asLong());
                assertThat(st.get("inferenceEnd").asLong()).isLessThanOrEqualTo(st.get("publish").asLong());
                assertThat(n.get("publishEpochMs").asLong()).isGreaterThanOrEqualTo(n.get("captureEpochMs").asLong());
                assertThat(n.get("timings").get("inferenceMs").asDouble()).isPositive();
            }
        }
    }

    @Test
    void rleOptionAddsTheMaskAndBadOptionsCloseOnlyThatConnection() throws Exception {
        try (WsTestClient good = WsTestClient.connect(DaemonFixture.ws(daemon, "/ws/results"));
             WsTestClient rle = WsTestClient.connect(DaemonFixture.ws(daemon, "/ws/results"));
             WsTestClient garbage = WsTestClient.connect(DaemonFixture.ws(daemon, "/ws/results"));
             WsTestClient unknown = WsTestClient.connect(DaemonFixture.ws(daemon, "/ws/results"));
             WsTestClient huge = WsTestClient.connect(DaemonFixture.ws(daemon, "/ws/results"));
             WsTestClient binary = WsTestClient.connect(DaemonFixture.ws(daemon, "/ws/results"))) {
            double cutBefore = daemon.metrics().wsCutProtocolCount();
            rle.sendText("{\"rle\":true}");
            garbage.sendText("{not json");
            unknown.sendText("{\"fps\":5}");
            huge.sendText("{\"rle\":true,\"pad\":\"" + "x".repeat(10_000) + "\"}");
            binary.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));

            assertThat(garbage.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1007);
            assertThat(unknown.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1007);
            assertThat(huge.closeCode.get(10, TimeUnit.SECONDS)).isIn(1009, -1);
            assertThat(binary.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1003);
            huge.closed.get(10, TimeUnit.SECONDS);
            // Netty's frame decoder closes the oversized client's connection itself, before the
            // handler's exceptionCaught counts it: the count may trail the client seeing the close
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (daemon.metrics().wsCutProtocolCount() - cutBefore < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(daemon.metrics().wsCutProtocolCount() - cutBefore).isGreaterThanOrEqualTo(4);

            boolean sawRle = false;
            for (int i = 0; i < 30 && !sawRle; i++) {
                String m = rle.next(10);
                assertThat(m).isNotNull();
                sawRle = m.contains("\"rle\":{\"width\"");
            }
            assertThat(sawRle).as("an RLE mask after {\"rle\":true}").isTrue();
            good.messages.clear();
            assertThat(good.next(10)).as("the well-behaved client keeps receiving").isNotNull().doesNotContain("\"rle\"");
            assertThat(DaemonFixture.get(daemon, "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void healthMetricsAndConfigParse() throws Exception {
        awaitFrames(5);
        HttpResponse<String> h = DaemonFixture.get(daemon, "/health");
        assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
        JsonNode health = JSON.readTree(h.body());
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("source").get("state").asText()).isEqualTo("UP");

        HttpResponse<String> m = DaemonFixture.get(daemon, "/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        Map<String, Double> samples = parsePrometheus(m.body());
        assertThat(samples.get("trident_frames_processed_total")).isPositive();
        assertThat(samples).containsKeys("trident_frames_dropped_total{stage=\"mailbox\"}", "trident_pipeline_latency_seconds_count",
                "trident_processing_time_seconds_count", "trident_cyclic_time_seconds_count", "trident_head_every{head=\"depth\"}",
                "trident_fps", "trident_shed_level", "trident_source_corrupt_frames_total");
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("trident_pipeline_latency_seconds_bucket{le="));

        HttpResponse<String> cfg = DaemonFixture.get(daemon, "/api/config");
        assertThat(cfg.statusCode()).isEqualTo(200);
        assertThat(cfg.body()).doesNotContain("not-for-your-eyes").contains("\"ingestToken\" : \"***\"");
        JsonNode c = JSON.readTree(cfg.body());
        assertThat(c.get("model").get("name").asText()).isEqualTo("generated-demo");
        assertThat(c.get("device").get("daemon").get("bind").asText()).isEqualTo("127.0.0.1");

        assertThat(DaemonFixture.get(daemon, "/nope").statusCode()).isEqualTo(404);
        assertThat(DaemonFixture.get(daemon, "/ws/results").statusCode()).as("plain GET on a WebSocket path").isEqualTo(400);
        assertThat(DaemonFixture.get(daemon, "/").body()).contains("<title>Trident viewer</title>");
        assertThat(DaemonFixture.get(daemon, "/viewer.js").body()).contains("/ws/results");
    }

    @Test
    void mjpegStreamYieldsDecodableJpegs() throws Exception {
        HttpResponse<InputStream> r = DaemonFixture.stream(daemon, "/stream.mjpeg");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("multipart/x-mixed-replace; boundary=");
        try (DataInputStream in = new DataInputStream(r.body())) {
            for (int i = 0; i < 3; i++) {
                Map<String, String> headers = new HashMap<>();
                String line;
                while (!(line = readLine(in)).isEmpty() || headers.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
                    }
                }
                assertThat(headers.get("content-type")).isEqualTo("image/jpeg");
                byte[] jpeg = new byte[Integer.parseInt(headers.get("content-length"))];
                in.readFully(jpeg);
                MatOfByte buf = new MatOfByte(jpeg);
                Mat img = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
                try {
                    assertThat(img.empty()).isFalse();
                    assertThat(img.cols()).isEqualTo(960);
                    assertThat(img.rows()).isEqualTo(540);
                } finally {
                    img.release();
                    buf.release();
                }
            }
        }
    }

    @Test
    void aSecondDaemonOnTheSamePortFailsWithOneClearLine() {
        var taken = DaemonFixture.settings().withBind("127.0.0.1", daemon.address().getPort());
        assertThatThrownBy(() -> DaemonFixture.realFrames(taken, 30))
                .isInstanceOf(TridentException.class)
                .hasMessageContaining("port " + daemon.address().getPort() + " on 127.0.0.1 is already in use")
                .hasMessageContaining("--port")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void ingestIsRefusedWhenTheSourceIsNotIngest() throws Exception {
        assertThat(DaemonFixture.get(daemon, "/ws/ingest").statusCode()).isEqualTo(409);
    }

    private void awaitFrames(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (daemon.pipeline().processed() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Parses Prometheus text exposition; fails on any line that is neither a comment nor a sample. */
    static Map<String, Double> parsePrometheus(String text) {
        Map<String, Double> out = new HashMap<>();
        List<String> bad = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher mm = SAMPLE.matcher(line);
            if (!mm.matches()) {
                bad.add(line);
                continue;
            }
            String v = mm.group(3);
            out.put(mm.group(1) + (mm.group(2) == null ? "" : mm.group(2)),
                    v.equals("+Inf") ? Double.POSITIVE_INFINITY : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v));
        }
        assertThat(bad).as("unparseable Prometheus lines").isEmpty();
        return out;
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            throw new java.io.EOFException("stream ended");
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
