package dev.trident.runtime.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client on Netty for the tests (loopback only): collects text messages, records
 * the close code, can stop reading altogether (a client that never reads) and send raw frames.
 */
public final class WsTestClient implements AutoCloseable {
    private static final EventLoopGroup GROUP = new NioEventLoopGroup(2);

    public final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    public final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Channel channel;

    private WsTestClient(URI uri, boolean read, int receiveBuffer, int maxFrame) throws Exception {
        WebSocketClientHandshaker hs = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, true,
                new DefaultHttpHeaders(), maxFrame);
        CompletableFuture<Void> handshaken = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(GROUP).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (receiveBuffer > 0) {
                            ch.config().setReceiveBufferSize(receiveBuffer);
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    public void channelActive(ChannelHandlerContext ctx) {
                                        // on the event loop, as the handshaker expects
                                        hs.handshake(ctx.channel()).addListener(f -> {
                                            if (!f.isSuccess()) {
                                                handshaken.completeExceptionally(f.cause());
                                            }
                                        });
                                        ctx.fireChannelActive();
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                        if (!hs.isHandshakeComplete()) {
                                            try {
                                                hs.finishHandshake(ctx.channel(), (FullHttpResponse) msg);
                                                handshaken.complete(null);
                                                if (!read) {
                                                    ctx.channel().config().setAutoRead(false);
                                                }
                                            } catch (RuntimeException e) {
                                                handshaken.completeExceptionally(e);
                                            }
                                            return;
                                        }
                                        if (msg instanceof FullHttpResponse r) {
                                            handshaken.completeExceptionally(new IllegalStateException("HTTP " + r.status()));
                                        } else if (msg instanceof TextWebSocketFrame t) {
                                            messages.add(t.text());
                                        } else if (msg instanceof CloseWebSocketFrame c) {
                                            closeCode.complete(c.statusCode());
                                        }
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        closed.complete(null);
                                        closeCode.complete(-1);
                                        handshaken.completeExceptionally(new IllegalStateException("connection closed"));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                });
        if (receiveBuffer > 0) {
            b.option(ChannelOption.SO_RCVBUF, receiveBuffer);
        }
        channel = b.connect(uri.getHost(), uri.getPort()).sync().channel();
        handshaken.get(10, TimeUnit.SECONDS);
    }

    /** A client that reads every message. */
    public static WsTestClient connect(String uri) throws Exception {
        return new WsTestClient(URI.create(uri), true, 0, 1 << 20);
    }

    /** A client that stops reading after the handshake, with a small receive buffer. */
    public static WsTestClient connectNeverReading(String uri) throws Exception {
        return new WsTestClient(URI.create(uri), false, 8 * 1024, 1 << 20);
    }

    public String next(long seconds) throws InterruptedException {
        return messages.poll(seconds, TimeUnit.SECONDS);
    }

    public void sendText(String text) {
        channel.writeAndFlush(new TextWebSocketFrame(text));
    }

    public void sendBinary(byte[] bytes) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
    }

    public void send(WebSocketFrame f) {
        channel.writeAndFlush(f);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
