package dev.trident.runtime.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.trident.runtime.daemon.PipelineMetrics;
import dev.trident.runtime.daemon.ResultSink;
import dev.trident.runtime.daemon.ResultSlot;
import dev.trident.runtime.result.ResultJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans results out to the {@code /ws/results} clients: each result is serialised once
 * ({@link ResultJson} with timings, plus the daemon's {@code pipeline} fields; a second time with
 * the RLE segmentation mask only if some client asked for it) into a pooled buffer that every
 * client's queue shares (reference-counted, no copies). With no clients connected nothing is
 * serialised.
 *
 * <p>Threading: {@link #publish} on the publisher thread; clients are added and removed on event
 * loops (copy-on-write list).
 */
public final class ResultsHub implements ResultSink {
    static final Logger LOG = LoggerFactory.getLogger(ResultsHub.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final ResultJson.Options WITH_RLE = new ResultJson.Options(true, true);

    private final CopyOnWriteArrayList<ResultsClient> clients = new CopyOnWriteArrayList<>();
    private final ResultJson json = new ResultJson();
    private final PipelineMetrics metrics;

    public ResultsHub(PipelineMetrics metrics) {
        this.metrics = metrics;
    }

    void add(ResultsClient c) {
        clients.add(c);
        metrics.wsClientConnected();
    }

    void remove(ResultsClient c) {
        if (clients.remove(c)) {
            metrics.wsClientDisconnected();
        }
        c.releaseQueue();
    }

    /** Connected clients. */
    public int clients() {
        return clients.size();
    }

    @Override
    public void publish(ResultSlot slot) {
        if (clients.isEmpty()) {
            return;
        }
        TextWebSocketFrame plain = null;
        TextWebSocketFrame withRle = null;
        long now = System.nanoTime();
        try {
            for (ResultsClient c : clients) {
                TextWebSocketFrame f;
                if (c.wantsRle()) {
                    if (withRle == null) {
                        withRle = serialise(slot, WITH_RLE);
                    }
                    f = withRle;
                } else {
                    if (plain == null) {
                        plain = serialise(slot, ResultJson.Options.DEFAULT);
                    }
                    f = plain;
                }
                c.offer(f.retainedDuplicate(), now);
            }
        } finally {
            if (plain != null) {
                plain.release();
            }
            if (withRle != null) {
                withRle.release();
            }
        }
    }

    private TextWebSocketFrame serialise(ResultSlot slot, ResultJson.Options options) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(2048);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf);
             JsonGenerator g = new PipelineJson(JSON.createGenerator((java.io.OutputStream) out), slot)) {
            json.write(slot.result(), options, slot.publishEpochMillis(), g);
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        }
        return new TextWebSocketFrame(buf);
    }

    /** Says goodbye (1001 going away) to every client and closes them; on shutdown. */
    public void closeAll() {
        for (ResultsClient c : clients) {
            Channel ch = c.channel();
            if (ch.isActive()) {
                ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "daemon stopping"))
                        .addListener(f -> ch.close());
            }
        }
    }
}
