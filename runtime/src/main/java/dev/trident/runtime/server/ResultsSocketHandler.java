package dev.trident.runtime.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.daemon.PipelineMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import java.util.Iterator;

/**
 * A {@code /ws/results} connection after the handshake. Clients mostly listen; the one message
 * they may send is a JSON object of options, {@code {"rle":true}} (the segmentation mask as RLE
 * in every result) or {@code {"rle":false}}. Anything else — malformed JSON, unknown fields, binary
 * frames, a message over the size limit (refused by the frame decoder) — closes that connection
 * with a WebSocket close code and is counted; the daemon and other clients are unaffected.
 *
 * <p>Threading: the channel's event loop.
 */
final class ResultsSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WebSocketServerHandshaker handshaker;
    private final ResultsHub hub;
    private final ResultsClient client;
    private final PipelineMetrics metrics;
    private boolean closing;

    ResultsSocketHandler(WebSocketServerHandshaker handshaker, ResultsHub hub, ResultsClient client, PipelineMetrics metrics) {
        this.handshaker = handshaker;
        this.hub = hub;
        this.client = client;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            closing = true;
            handshaker.close(ctx.channel(), close.retain());
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof PongWebSocketFrame) {
            return;
        } else if (frame instanceof TextWebSocketFrame text) {
            String error = applyOptions(text.text());
            if (error != null) {
                reject(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, error);
            }
        } else {
            reject(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "results clients may only send JSON text options");
        }
    }

    /** Applies a client's options message; returns what is wrong with it, or null. */
    private String applyOptions(String text) {
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (Exception e) {
            return "options must be a JSON object such as {\"rle\":true}";
        }
        if (n == null || !n.isObject()) {
            return "options must be a JSON object such as {\"rle\":true}";
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("rle")) {
                return "unknown option '" + f + "'; the only option is rle";
            }
        }
        JsonNode rle = n.get("rle");
        if (rle != null) {
            if (!rle.isBoolean()) {
                return "option rle must be true or false";
            }
            client.setRle(rle.booleanValue());
        }
        return null;
    }

    private void reject(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        metrics.wsCut(false);
        ResultsHub.LOG.info("results client {} disconnected: {}", ctx.channel().remoteAddress(), reason);
        ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(f -> ctx.channel().close());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            client.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        hub.remove(client);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. a frame over the size limit: the decoder has sent its close code; count and close
        if (!closing && !client.wasCut()) {
            closing = true;
            metrics.wsCut(false);
            ResultsHub.LOG.info("results client {} disconnected: {}", ctx.channel().remoteAddress(), cause.getMessage());
        }
        ctx.close();
    }
}
