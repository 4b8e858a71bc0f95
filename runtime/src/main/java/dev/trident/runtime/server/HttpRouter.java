package dev.trident.runtime.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trident.runtime.daemon.HealthCheck;
import dev.trident.runtime.daemon.IngestSource;
import dev.trident.runtime.daemon.PipelineMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Routes one HTTP request: the viewer's static files, {@code /health}, {@code /metrics},
 * {@code /api/config}, {@code /stream.mjpeg} and the WebSocket upgrades of {@code /ws/results}
 * and {@code /ws/ingest} (after which this handler leaves the connection's pipeline).
 *
 * <p>Threading: one instance per connection, on its event loop.
 */
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpRouter.class);

    private final ServerContext app;

    HttpRouter(ServerContext app) {
        this.app = app;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", bytes("malformed HTTP request\n"));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.path();
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            send(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", bytes("only GET is served\n"));
            return;
        }
        switch (path) {
            case "/", "/index.html" -> staticFile(ctx, req, "index.html");
            case "/viewer.js", "/viewer.css", "/favicon.svg" -> staticFile(ctx, req, path.substring(1));
            case "/health" -> {
                HealthCheck.Health h = app.health().now();
                send(ctx, req, h.ok() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json",
                        JSON.writeValueAsBytes(h.body()));
            }
            case "/metrics" -> send(ctx, req, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                    bytes(app.metrics().scrape()));
            case "/api/config" -> send(ctx, req, HttpResponseStatus.OK, "application/json",
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(app.config().get()));
            case "/stream.mjpeg" -> mjpeg(ctx);
            case "/ws/results" -> upgradeResults(ctx, req, uri);
            case "/ws/ingest" -> upgradeIngest(ctx, req, uri);
            default -> send(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    bytes("not found: " + path + " (try /, /health, /metrics, /api/config, /stream.mjpeg, /ws/results)\n"));
        }
    }

    private void staticFile(ChannelHandlerContext ctx, FullHttpRequest req, String name) {
        StaticFiles.File f = app.files().get(name);
        if (f == null) {
            send(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", bytes("not found: " + name + "\n"));
        } else {
            send(ctx, req, HttpResponseStatus.OK, f.contentType(), f.bytes());
        }
    }

    private void mjpeg(ChannelHandlerContext ctx) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "multipart/x-mixed-replace; boundary=" + MjpegHub.BOUNDARY)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setTransferEncodingChunked(r, true);
        ctx.writeAndFlush(r);
        ctx.pipeline().remove(this);
        app.mjpeg().add(ctx.channel());
    }

    private void upgradeResults(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
        WebSocketServerHandshaker hs = handshaker(ctx, req, app.daemon().maxClientMessageBytes());
        if (hs == null) {
            return;
        }
        String rleParam = first(uri.parameters(), "rle");
        boolean rle = "1".equals(rleParam) || "true".equals(rleParam);
        ResultsClient client = new ResultsClient(ctx.channel(), app.daemon().clientQueueSize(), app.daemon().maxClientLagMs(), rle,
                app.metrics());
        ctx.pipeline().replace(this, "ws-results", new ResultsSocketHandler(hs, app.results(), client, app.metrics()));
        ctx.pipeline().addBefore("ws-results", "ws-aggregate", new WebSocketFrameAggregator(app.daemon().maxClientMessageBytes()));
        hs.handshake(ctx.channel(), req).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                app.results().add(client);
            } else {
                ctx.close();
            }
        });
    }

    private void upgradeIngest(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
        IngestSource ingest = app.ingest();
        if (ingest == null) {
            send(ctx, req, HttpResponseStatus.CONFLICT, "text/plain; charset=utf-8",
                    bytes("this daemon reads from " + app.sourceSpec() + "; start it with --source ingest to accept pushed frames\n"));
            return;
        }
        String token = app.daemon().ingestToken();
        if (token != null && !tokenMatches(token, req, uri)) {
            app.metrics().ingest(false);
            send(ctx, req, HttpResponseStatus.UNAUTHORIZED, "text/plain; charset=utf-8",
                    bytes("ingest needs the daemon's token: ?token=... or Authorization: Bearer ...\n"));
            return;
        }
        WebSocketServerHandshaker hs = handshaker(ctx, req, app.daemon().maxIngestBytes());
        if (hs == null) {
            return;
        }
        ctx.pipeline().replace(this, "ws-ingest", new IngestSocketHandler(hs, ingest, app.metrics()));
        ctx.pipeline().addBefore("ws-ingest", "ws-aggregate", new WebSocketFrameAggregator(app.daemon().maxIngestBytes()));
        hs.handshake(ctx.channel(), req).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
    }

    private static boolean tokenMatches(String token, FullHttpRequest req, QueryStringDecoder uri) {
        String given = first(uri.parameters(), "token");
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).strip();
        }
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private WebSocketServerHandshaker handshaker(ChannelHandlerContext ctx, FullHttpRequest req, int maxFrameBytes) {
        if (!"websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
            send(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8",
                    bytes("this is a WebSocket endpoint; connect with a WebSocket client\n"));
            return null;
        }
        String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory("ws://" + host + req.uri(), null, true,
                maxFrameBytes);
        WebSocketServerHandshaker hs = factory.newHandshaker(req);
        if (hs == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
        }
        return hs;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String type, byte[] body) {
        boolean head = req.method() == HttpMethod.HEAD;
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var f = ctx.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("request from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** What the router serves from; implemented by the daemon's server. */
    interface ServerContext {
        HealthCheck health();

        PipelineMetrics metrics();

        Supplier<Object> config();

        MjpegHub mjpeg();

        ResultsHub results();

        /** The ingest source, or null when the daemon reads from elsewhere. */
        IngestSource ingest();

        String sourceSpec();

        dev.trident.runtime.config.DaemonConfig daemon();

        StaticFiles files();
    }
}
