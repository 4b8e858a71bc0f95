package dev.trident.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.TestModels;
import dev.trident.runtime.daemon.Daemon;
import dev.trident.runtime.daemon.DaemonCommand;
import dev.trident.runtime.ingest.IngestMessage;
import dev.trident.runtime.source.SourceOptions;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Frames pushed to /ws/ingest, and many clients with one that never reads. Real sockets, loopback. */
class IngestAndClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pushedFramesComeBackAsResultsAndMalformedMessagesCloseOnlyThatConnection() throws Exception {
        byte[] jpeg = Files.readAllBytes(TestModels.realFrames().resolve("bdd-3.jpg"));
        try (Daemon d = DaemonCommand.open(DaemonFixture.tinyModel(), "ingest", SourceOptions.defaults(),
                DaemonFixture.config(DaemonFixture.settings().withIngestToken("t0ken")))) {
            assertThat(DaemonFixture.get(d, "/health").statusCode()).as("no frame pushed yet").isEqualTo(503);
            assertThatThrownBy(() -> WsTestClient.connect(DaemonFixture.ws(d, "/ws/ingest")))
                    .as("ingest without the token").hasMessageContaining("401");
            try (WsTestClient results = WsTestClient.connect(DaemonFixture.ws(d, "/ws/results"));
                 WsTestClient push = WsTestClient.connect(DaemonFixture.ws(d, "/ws/ingest?token=t0ken"))) {
                Set<Long> seqs = new HashSet<>();
                for (int i = 0; i < 5; i++) {
                    push.sendBinary(new IngestMessage(1000 + i, System.currentTimeMillis() * 1_000_000L, jpeg).encode());
                    String m = results.next(10);
                    assertThat(m).as("result of pushed frame %d", i).isNotNull();
                    seqs.add(JSON.readTree(m).get("seq").asLong());
                }
                assertThat(seqs).contains(1000L).allMatch(s -> s >= 1000 && s <= 1004);
                assertThat(DaemonFixture.get(d, "/health").statusCode()).isEqualTo(200);

                // an image that does not decode: skipped and counted; the connection stays
                push.sendBinary(new IngestMessage(2000, 0, new byte[] {1, 2, 3, 4}).encode());
                // a message that is not an IngestMessage: that connection is closed
                push.sendBinary("definitely not a frame message".getBytes());
                assertThat(push.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1007);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (d.pipeline().source().stats().corruptSkipped() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(d.pipeline().source().stats().corruptSkipped()).isEqualTo(1);
            String metrics = DaemonFixture.get(d, "/metrics").body();
            assertThat(metrics).contains("trident_ingest_messages_total{outcome=\"rejected\"} 2.0")
                    .contains("trident_source_corrupt_frames_total 1.0");
            // the daemon keeps accepting pushes on a new connection
            try (WsTestClient results = WsTestClient.connect(DaemonFixture.ws(d, "/ws/results"));
                 WsTestClient push = WsTestClient.connect(DaemonFixture.ws(d, "/ws/ingest?token=t0ken"))) {
                push.sendBinary(new IngestMessage(3000, 0, jpeg).encode());
                String m = results.next(10);
                assertThat(m).isNotNull();
                assertThat(JSON.readTree(m).get("seq").asLong()).isEqualTo(3000);
            }
        }
    }

    @Test
    void aClientThatNeverReadsIsCutOffWhileNineteenOthersKeepReceiving() throws Exception {
        var settings = DaemonFixture.settings().withClientLimits(4, 800, 4096);
        try (Daemon d = DaemonFixture.realFrames(settings, 60)) {
            List<WsTestClient> readers = new ArrayList<>();
            WsTestClient stuck = WsTestClient.connectNeverReading(DaemonFixture.ws(d, "/ws/results?rle=1"));
            try {
                for (int i = 0; i < 19; i++) {
                    readers.add(WsTestClient.connect(DaemonFixture.ws(d, "/ws/results?rle=1")));
                }
                // the stuck client does not read, so it never sees the close: watch the daemon's side
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while ((d.metrics().wsCutLagCount() < 1 || d.resultClients() > 19) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(d.metrics().wsCutLagCount()).isEqualTo(1);
                assertThat(d.resultClients()).isEqualTo(19);
                assertThat(d.metrics().wsDroppedCount()).as("the stuck client's oldest messages were dropped first").isPositive();
                for (WsTestClient r : readers) {
                    r.messages.clear();
                }
                for (WsTestClient r : readers) {
                    assertThat(r.next(10)).as("a reading client still receives").isNotNull();
                    assertThat(r.isOpen()).isTrue();
                }
            } finally {
                stuck.close();
                readers.forEach(WsTestClient::close);
            }
        }
    }
}
