package dev.trident.runtime.server;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.daemon.IngestSource;
import dev.trident.runtime.daemon.PipelineMetrics;
import dev.trident.runtime.ingest.IngestMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code /ws/ingest} connection after the handshake: every binary message is one
 * {@link IngestMessage} (header + JPEG/PNG), handed to the {@link IngestSource} (latest wins).
 * A malformed message (bad header, text frame, over {@code maxIngestBytes}) closes this connection
 * with a close code naming the problem and is counted; the daemon keeps running.
 *
 * <p>Threading: the channel's event loop.
 */
final class IngestSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestSocketHandler.class);

    private final WebSocketServerHandshaker handshaker;
    private final IngestSource source;
    private final PipelineMetrics metrics;
    private boolean closing;

    IngestSocketHandler(WebSocketServerHandshaker handshaker, IngestSource source, PipelineMetrics metrics) {
        this.handshaker = handshaker;
        this.source = source;
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
        } else if (frame instanceof BinaryWebSocketFrame) {
            IngestMessage m;
            try {
                m = IngestMessage.decode(frame.content().nioBuffer());
            } catch (TridentException e) {
                reject(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, e.getMessage());
                return;
            }
            metrics.ingest(true);
            source.offer(m);
        } else {
            reject(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "ingest takes binary frame messages only (see IngestMessage)");
        }
    }

    private void reject(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        metrics.ingest(false);
        if (closing) {
            return;
        }
        closing = true;
        LOG.warn("ingest client {} disconnected: {}", ctx.channel().remoteAddress(), reason);
        // close reasons are limited to 123 bytes
        String r = reason.length() > 120 ? reason.substring(0, 120) : reason;
        ctx.writeAndFlush(new CloseWebSocketFrame(status, r)).addListener(f -> ctx.channel().close());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!closing) {
            closing = true;
            metrics.ingest(false);
            LOG.warn("ingest client {} disconnected: {}", ctx.channel().remoteAddress(), cause.getMessage());
        }
        ctx.close();
    }
}
