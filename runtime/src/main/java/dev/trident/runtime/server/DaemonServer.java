package dev.trident.runtime.server;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DaemonConfig;
import dev.trident.runtime.daemon.HealthCheck;
import dev.trident.runtime.daemon.IngestSource;
import dev.trident.runtime.daemon.PipelineMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP/WebSocket server (Netty, NIO): binds {@code daemon.bind:daemon.port} and routes
 * every connection through {@link HttpRouter}. A port already in use is a {@link TridentException}
 * naming the address and how to fix it.
 *
 * <p>Threading: {@link #start()} and {@link #close()} from a control thread; connections run on one
 * I/O event loop (results fan-out is a buffer share per client, so one loop is plenty on a vehicle
 * computer and keeps the server off the inference cores).
 */
public final class DaemonServer implements AutoCloseable, HttpRouter.ServerContext {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonServer.class);
    /** Requests without a WebSocket upgrade are small (GETs); bodies beyond this are refused. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final DaemonConfig daemon;
    private final HealthCheck health;
    private final PipelineMetrics metrics;
    private final Supplier<Object> config;
    private final ResultsHub results;
    private final MjpegHub mjpeg;
    private final IngestSource ingest;
    private final String sourceSpec;
    private final StaticFiles files = new StaticFiles();
    private final ChannelGroup channels = new DefaultChannelGroup("trident", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup boss;
    private EventLoopGroup io;
    private Channel listener;

    /**
     * @param config     what {@code /api/config} shows (already sanitised)
     * @param ingest     the ingest source, or null when the daemon reads from elsewhere
     * @param sourceSpec the source, for messages (sanitised)
     */
    public DaemonServer(DaemonConfig daemon, HealthCheck health, PipelineMetrics metrics, Supplier<Object> config,
                        ResultsHub results, MjpegHub mjpeg, IngestSource ingest, String sourceSpec) {
        this.daemon = daemon;
        this.health = health;
        this.metrics = metrics;
        this.config = config;
        this.results = results;
        this.mjpeg = mjpeg;
        this.ingest = ingest;
        this.sourceSpec = sourceSpec;
    }

    /** Binds and starts serving; returns the bound address (the real port when {@code port} was 0). */
    public InetSocketAddress start() {
        boss = new NioEventLoopGroup(1);
        io = new NioEventLoopGroup(1);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_SNDBUF, daemon.sendBufferBytes())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(daemon.sendBufferBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline()
                                .addLast("http", new HttpServerCodec())
                                .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast("router", new HttpRouter(DaemonServer.this));
                    }
                });
        try {
            listener = b.bind(daemon.bind(), daemon.port()).sync().channel();
        } catch (Exception e) {
            shutdownLoops();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                String what = e.getMessage() != null && e.getMessage().contains("in use")
                        ? "is already in use; stop the other process or pick another port with --port (or daemon.port)"
                        : "cannot be bound (" + e.getMessage() + "); check daemon.bind is an address of this machine";
                throw new TridentException("port " + daemon.port() + " on " + daemon.bind() + " " + what, e);
            }
            throw new TridentException("cannot listen on " + daemon.bind() + ":" + daemon.port() + ": " + e, e);
        }
        InetSocketAddress at = (InetSocketAddress) listener.localAddress();
        LOG.info("serving on http://{}:{}/", hostForUrl(daemon.bind()), at.getPort());
        return at;
    }

    /**
     * Netty's per-connection outgoing buffer limit, in step with the socket buffer: a connection
     * counts as unwritable (its client as behind) once about half a socket buffer waits in the
     * process too. Between 8 and 128 KiB.
     */
    private static WriteBufferWaterMark waterMark(int sendBuffer) {
        int high = Math.max(8 * 1024, Math.min(128 * 1024, sendBuffer / 2));
        return new WriteBufferWaterMark(high / 4, high);
    }

    /** Closes the listener and every connection (WebSocket clients get a going-away close first). */
    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        results.closeAll();
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdownLoops();
    }

    private void shutdownLoops() {
        if (boss != null) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (io != null) {
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    /** The address to put in a URL for a bind address ("0.0.0.0" → this machine's loopback name). */
    public static String hostForUrl(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::")) {
            return "localhost";
        }
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    @Override
    public HealthCheck health() {
        return health;
    }

    @Override
    public PipelineMetrics metrics() {
        return metrics;
    }

    @Override
    public Supplier<Object> config() {
        return config;
    }

    @Override
    public MjpegHub mjpeg() {
        return mjpeg;
    }

    @Override
    public ResultsHub results() {
        return results;
    }

    @Override
    public IngestSource ingest() {
        return ingest;
    }

    @Override
    public String sourceSpec() {
        return sourceSpec;
    }

    @Override
    public DaemonConfig daemon() {
        return daemon;
    }

    @Override
    public StaticFiles files() {
        return files;
    }
}
