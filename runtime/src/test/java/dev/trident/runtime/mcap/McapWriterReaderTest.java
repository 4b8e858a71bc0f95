package dev.trident.runtime.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer → reader round trips, the official TypeScript reader over our files, and damaged files. */
class McapWriterReaderTest {
    @TempDir
    Path dir;

    static final long T0 = 1_700_000_000_000_000_000L;

    /** Message i's payload: deterministic, of varying size (some larger than a chunk). */
    static byte[] payload(int channel, int i) {
        int n = (i % 50 == 7) ? 90_000 : 10 + (i * 37) % 3000;
        byte[] b = new byte[n];
        for (int k = 0; k < n; k++) {
            b[k] = (byte) (k * 31 + i * 7 + channel);
        }
        return b;
    }

    record Written(Path file, List<long[]> messages) {
    }

    /** 3 channels, 900 messages, 64 KiB chunks. */
    Written writeSample(String name) throws Exception {
        Path file = dir.resolve(name);
        List<long[]> sent = new ArrayList<>();
        try (McapWriter w = McapWriter.create(file, McapWriter.Options.defaults().withChunkBytes(64 * 1024).withSyncChunks(false))) {
            int s = w.addSchema("foxglove.CompressedImage", "jsonschema", "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8));
            int cam = w.addChannel(s, "/camera/image/compressed", "json", Map.of("frame_id", "cam"));
            int res = w.addChannel(0, "/trident/results", "json", Map.of());
            int gt = w.addChannel(s, "/trident/ground_truth", "json", Map.of("a", "1", "b", "2"));
            int[] channels = {cam, res, gt};
            for (int i = 0; i < 900; i++) {
                int ch = channels[i % 3];
                long t = T0 + (i / 3) * 33_333_333L;
                byte[] p = payload(ch, i);
                w.write(ch, t, t + 5, p, 0, p.length);
                sent.add(new long[] {ch, t, i});
            }
        }
        return new Written(file, sent);
    }

    @Test
    void roundTripKeepsEveryMessageTimestampAndByte() throws Exception {
        Written w = writeSample("a.mcap");
        try (McapReader r = McapReader.open(w.file())) {
            assertThat(r.indexed()).isTrue();
            assertThat(r.damage()).isEmpty();
            assertThat(r.library()).startsWith("trident");
            assertThat(r.channels()).hasSize(3);
            assertThat(r.channel("/trident/ground_truth").orElseThrow().metadata()).containsEntry("b", "2");
            assertThat(r.schemas().get(1).name()).isEqualTo("foxglove.CompressedImage");
            McapStatistics st = r.statistics();
            assertThat(st.messageCount()).isEqualTo(900);
            assertThat(st.channelMessageCounts()).containsEntry(0, 300L).containsEntry(1, 300L).containsEntry(2, 300L);
            assertThat(st.messageStartTime()).isEqualTo(T0);
            assertThat(st.messageEndTime()).isEqualTo(T0 + 299 * 33_333_333L);
            assertThat(st.chunkCount()).isGreaterThan(10).isEqualTo(r.chunkIndexes().size());
            var cursor = r.messages();
            int i = 0;
            long[] seq = new long[3];
            while (cursor.next()) {
                McapMessage m = cursor.message();
                long[] want = w.messages().get(i);
                assertThat(m.channelId()).isEqualTo((int) want[0]);
                assertThat(m.logTime()).isEqualTo(want[1]);
                assertThat(m.publishTime()).isEqualTo(want[1] + 5);
                assertThat(m.sequence()).isEqualTo(seq[m.channelId()]++);
                assertThat(m.data()).isEqualTo(payload((int) want[0], (int) want[2]));
                i++;
            }
            assertThat(i).isEqualTo(900);

            // a time window skips whole chunks and keeps exactly the messages inside it
            long from = T0 + 100 * 33_333_333L;
            long to = T0 + 150 * 33_333_333L;
            var window = r.messages(from, to);
            int n = 0;
            while (window.next()) {
                assertThat(window.message().logTime()).isBetween(from, to);
                n++;
            }
            assertThat(n).isEqualTo(51 * 3);
        }
    }

    @Test
    void officialTypeScriptReaderReadsOurFiles() throws Exception {
        Written w = writeSample("interop.mcap");
        JsonNode js = McapJs.read(w.file());
        try (McapReader r = McapReader.open(w.file())) {
            JsonNode idx = js.get("indexed");
            assertThat(idx.get("library").asText()).isEqualTo(r.library());
            assertThat(idx.get("chunkCount").asInt()).isEqualTo(r.chunkIndexes().size());
            assertThat(idx.get("statistics").get("messageCount").asLong()).isEqualTo(900);
            assertThat(idx.get("statistics").get("messageStartTime").asLong()).isEqualTo(T0);
            List<String> topics = new ArrayList<>();
            idx.get("channels").forEach(c -> topics.add(c.get("id").asInt() + " " + c.get("topic").asText() + " "
                    + c.get("messageEncoding").asText() + " " + c.get("schemaName").asText()));
            assertThat(topics).containsExactly("0 /camera/image/compressed json foxglove.CompressedImage",
                    "1 /trident/results json ", "2 /trident/ground_truth json foxglove.CompressedImage");
            for (String mode : new String[] {"indexed", "stream"}) {
                JsonNode times = js.get(mode).get("logTimes");
                for (int ch = 0; ch < 3; ch++) {
                    int channel = ch;
                    long[] want = w.messages().stream().filter(m -> m[0] == channel).mapToLong(m -> m[1]).toArray();
                    long[] got = new long[times.get(String.valueOf(ch)).size()];
                    for (int k = 0; k < got.length; k++) {
                        got[k] = Long.parseLong(times.get(String.valueOf(ch)).get(k).asText());
                    }
                    assertThat(got).as(mode + " channel " + ch).isEqualTo(want);
                }
            }
            assertThat(js.get("stream").get("done").asBoolean()).isTrue();
            JsonNode types = js.get("stream").get("recordTypes");
            assertThat(types.path("Footer").asInt()).as(types.toString()).isEqualTo(1);
            assertThat(types.path("DataEnd").asInt()).as(types.toString()).isEqualTo(1);
            assertThat(types.path("Statistics").asInt()).as(types.toString()).isEqualTo(1);
            assertThat(types.path("ChunkIndex").asInt()).as(types.toString()).isEqualTo(r.chunkIndexes().size());
            assertThat(types.path("MessageIndex").asInt()).as(types.toString()).isEqualTo(r.chunkIndexes().stream().mapToInt(c -> c.messageIndexOffsets().size()).sum());
            long bytes = w.messages().stream().mapToLong(m -> payload((int) m[0], (int) m[2]).length).sum();
            assertThat(js.get("indexed").get("dataBytes").asLong()).isEqualTo(bytes);
        }
    }

    @Test
    void everyTruncationIsReadByScanningOrRejectedClearly() throws Exception {
        Written w = writeSample("t.mcap");
        byte[] all = Files.readAllBytes(w.file());
        Path cut = dir.resolve("cut.mcap");
        int last = -1;
        for (int len = 0; len < all.length; len += all.length / 149 + 1) {
            Files.write(cut, Arrays.copyOf(all, len));
            try (McapReader r = McapReader.open(cut)) {
                assertThat(r.indexed()).isFalse();
                assertThat(r.damage()).isPresent();
                var c = r.messages();
                int n = 0;
                while (c.next()) {
                    long[] want = w.messages().get(n);
                    assertThat(c.message().logTime()).isEqualTo(want[1]);
                    assertThat(c.message().data()).isEqualTo(payload((int) want[0], (int) want[2]));
                    n++;
                }
                assertThat(n).isEqualTo(r.statistics().messageCount()).isGreaterThanOrEqualTo(last);
                last = n;
            } catch (McapException e) {
                assertThat(len).as("only files too short for a header are rejected: " + e.getMessage()).isLessThan(64);
                assertThat(e.getMessage()).contains("cut.mcap");
            }
        }
        assertThat(last).isGreaterThan(800);
    }

    @Test
    void corruptBytesGiveAClearErrorOrAreCutOffNeverAHang() throws Exception {
        Written w = writeSample("c.mcap");
        byte[] all = Files.readAllBytes(w.file());
        Path bad = dir.resolve("bad.mcap");
        java.util.Random rnd = new java.util.Random(7);
        for (int trial = 0; trial < 60; trial++) {
            byte[] b = all.clone();
            int at = 8 + rnd.nextInt(all.length - 8);
            b[at] ^= (byte) (1 + rnd.nextInt(255));
            Files.write(bad, b);
            try (McapReader r = McapReader.open(bad)) {
                var c = r.messages();
                int n = 0;
                while (c.next() && n < 10_000) {
                    n++;
                }
                assertThat(n).isLessThanOrEqualTo(900);
            } catch (McapException e) {
                assertThat(e.getMessage()).contains("bad.mcap").doesNotContain("\n");
            }
        }
    }

    @Test
    void notAnMcapFileOrAnAbsurdLengthIsRejectedInOneLine() throws Exception {
        Path text = Files.writeString(dir.resolve("x.mcap"), "hello, this is not an mcap file at all");
        assertThatThrownBy(() -> McapReader.open(text)).isInstanceOf(McapException.class)
                .hasMessageContaining("not an MCAP file");
        assertThatThrownBy(() -> McapReader.open(dir.resolve("missing.mcap"))).hasMessageContaining("not found");

        // magic + a Header claiming 2^62 bytes
        byte[] b = new byte[64];
        System.arraycopy(Mcap.MAGIC, 0, b, 0, 8);
        b[8] = 1;
        b[16] = 0x40;
        Path huge = dir.resolve("huge.mcap");
        Files.write(huge, b);
        assertThatThrownBy(() -> McapReader.open(huge)).isInstanceOf(McapException.class).hasMessageContaining("Header");
    }

    @Test
    void repairRebuildsTheSummaryOfAFileCutInsideItsIndexes() throws Exception {
        Written w = writeSample("r.mcap");
        long chunkEnd;
        long lastChunkMessages;
        try (McapReader r = McapReader.open(w.file())) {
            McapChunkIndex c = r.chunkIndexes().get(r.chunkIndexes().size() / 2);
            chunkEnd = c.chunkStartOffset() + c.chunkLength();
            lastChunkMessages = countUpTo(r, c.chunkStartOffset());
        }
        byte[] all = Files.readAllBytes(w.file());
        Path cut = dir.resolve("cut.mcap");
        Files.write(cut, Arrays.copyOf(all, (int) chunkEnd + 20)); // inside the first Message Index record
        McapRepair.Report rep = McapRepair.repair(cut, null);
        assertThat(rep.alreadyComplete()).isFalse();
        assertThat(rep.messages()).isEqualTo(lastChunkMessages);
        try (McapReader r = McapReader.open(cut)) {
            assertThat(r.indexed()).isTrue();
            assertThat(r.statistics().messageCount()).isEqualTo(lastChunkMessages);
            assertThat(r.chunkIndexes().get(r.chunkIndexes().size() - 1).messageIndexOffsets()).hasSize(3);
        }
        JsonNode js = McapJs.read(cut);
        assertThat(js.get("indexed").get("statistics").get("messageCount").asLong()).isEqualTo(lastChunkMessages);
        int viaIndex = 0;
        for (JsonNode ch : (Iterable<JsonNode>) () -> js.get("indexed").get("logTimes").elements()) {
            viaIndex += ch.size();
        }
        assertThat(viaIndex).isEqualTo(lastChunkMessages);

        McapRepair.Report again = McapRepair.repair(cut, null);
        assertThat(again.alreadyComplete()).isTrue();
    }

    /** Messages in the chunks up to and including the one at {@code chunkOffset}. */
    private static long countUpTo(McapReader r, long chunkOffset) {
        var c = r.messages();
        long n = 0;
        while (c.next()) {
            if (c.message().recordOffset() <= chunkOffset) {
                n++;
            }
        }
        return n;
    }
}
