package dev.trident.runtime.replay;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.ingest.IngestMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pushes frames to a daemon's {@code WS /ws/ingest} endpoint as binary {@link IngestMessage}s
 * over one Netty WebSocket connection. With a token, the handshake carries
 * {@code Authorization: Bearer <token>}.
 *
 * <p>Back-pressure: {@link #send} blocks while Netty's outbound buffer is above its high water
 * mark, so an unpaced replay never queues more than a few MiB. Frames are copied into pooled
 * direct buffers (no Java-heap allocation per frame).
 *
 * <p>Threading: one sending thread calls {@link #send}; {@link #close()} from that thread when done.
 */
public final class IngestPushClient implements AutoCloseable {
    /** Largest WebSocket frame this client sends (and the daemon's default maximum message size). */
    public static final int MAX_MESSAGE_BYTES = 16 << 20;

    private final URI uri;
    private final EventLoopGroup group;
    private final Channel channel;
    private final Object writable = new Object();
    private volatile String closedReason;
    private long sent;
    private long bytes;

    private IngestPushClient(URI uri, EventLoopGroup group, Channel channel) {
        this.uri = uri;
        this.group = group;
        this.channel = channel;
    }

    /**
     * Connects and completes the WebSocket handshake.
     *
     * @param token sent as a bearer token when not null (required by a daemon bound beyond loopback)
     * @throws TridentException if the URL is not ws://host:port/path, or the daemon cannot be reached
     *                          or refuses the handshake (e.g. a wrong token) within {@code timeout}
     */
    public static IngestPushClient connect(URI uri, String token, Duration timeout) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws")) {
            throw new TridentException("--push " + uri + ": expected a ws://host:port/ws/ingest URL"
                    + (scheme.equals("wss") ? " (wss:// is not supported; the daemon serves plain WebSocket)" : ""));
        }
        if (uri.getHost() == null) {
            throw new TridentException("--push " + uri + " has no host; expected e.g. ws://127.0.0.1:8080/ws/ingest");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        if (token != null && !token.isEmpty()) {
            headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
        }
        CompletableFuture<Void> handshake = new CompletableFuture<>();
        EventLoopGroup group = new NioEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "trident-push");
            t.setDaemon(true);
            return t;
        });
        IngestPushClient[] self = new IngestPushClient[1];
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri).version(WebSocketVersion.V13).customHeaders(headers).maxFramePayloadLength(MAX_MESSAGE_BYTES)
                .handshakeTimeoutMillis(timeout.toMillis()).dropPongFrames(true).build();
        try {
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                    new WebSocketClientProtocolHandler(
                                            WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, false, headers,
                                                    MAX_MESSAGE_BYTES), config.handleCloseFrames()),
                                    new Events(handshake, self));
                        }
                    });
            Channel ch = b.connect(uri.getHost(), port).sync().channel();
            IngestPushClient client = new IngestPushClient(uri, group, ch);
            self[0] = client;
            handshake.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return client;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new TridentException("interrupted while connecting to " + uri);
        } catch (Exception e) { // Netty rethrows connect failures (checked) from sync()
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String why = cause instanceof WebSocketClientHandshakeException h ? "the daemon refused the WebSocket handshake ("
                    + h.getMessage() + (token == null ? "; a daemon bound beyond loopback needs --token" : "; check --token") + ")"
                    : cause instanceof TimeoutException ? "no handshake within " + timeout.toMillis() + " ms"
                    : "cannot connect (" + (cause.getMessage() == null ? cause.toString() : cause.getMessage()) + ")";
            throw new TridentException("--push " + uri + ": " + why + "; is the daemon running with its ingest endpoint?", e);
        }
    }

    /** Sends one frame; blocks while the connection's outbound buffer is full. */
    public void send(long seq, long epochNanos, byte[] image, int offset, int length) throws InterruptedException {
        if (IngestMessage.HEADER_BYTES + length > MAX_MESSAGE_BYTES) {
            throw new TridentException("frame " + seq + " is " + length + " bytes, more than the " + MAX_MESSAGE_BYTES
                    + "-byte maximum ingest message");
        }
        synchronized (writable) {
            while (channel.isActive() && !channel.isWritable()) {
                writable.wait(50);
            }
        }
        if (!channel.isActive()) {
            throw new TridentException("the daemon at " + uri + " closed the connection after " + sent + " frames"
                    + (closedReason == null ? "" : " (" + closedReason + ")"));
        }
        byte[] header = new IngestMessage(seq, epochNanos, new byte[0]).encode();
        ByteBuf buf = channel.alloc().directBuffer(header.length + length);
        buf.writeBytes(header).writeBytes(image, offset, length);
        channel.writeAndFlush(new BinaryWebSocketFrame(buf)).addListener(f -> {
            if (!f.isSuccess() && closedReason == null) {
                closedReason = "send failed: " + f.cause();
            }
        });
        sent++;
        bytes += header.length + length;
    }

    public long sent() {
        return sent;
    }

    public long bytesSent() {
        return bytes;
    }

    public URI uri() {
        return uri;
    }

    /** Sends a close frame after everything queued, waits up to 5 s for the daemon to close, frees the event loop. */
    @Override
    public void close() {
        try {
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(1000, "replay finished"));
                channel.closeFuture().await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    /** Handshake completion, server close frames, writability changes. Runs on the event loop. */
    private static final class Events extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final CompletableFuture<Void> handshake;
        private final IngestPushClient[] client;

        Events(CompletableFuture<Void> handshake, IngestPushClient[] client) {
            this.handshake = handshake;
            this.client = client;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(null);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new TimeoutException("handshake timeout"));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close && client[0] != null && client[0].closedReason == null) {
                client[0].closedReason = "close status " + close.statusCode() + " " + close.reasonText();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            wake();
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            handshake.completeExceptionally(new IllegalStateException("connection closed during the handshake"));
            wake();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            if (client[0] != null && client[0].closedReason == null) {
                client[0].closedReason = String.valueOf(cause);
            }
            ctx.close();
        }

        private void wake() {
            IngestPushClient c = client[0];
            if (c != null) {
                synchronized (c.writable) {
                    c.writable.notifyAll();
                }
            }
        }
    }
}
