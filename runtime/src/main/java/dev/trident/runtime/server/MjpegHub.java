package dev.trident.runtime.server;

import dev.trident.runtime.daemon.FrameTap;
import dev.trident.runtime.daemon.PipelineMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.opencv.core.MatOfByte;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /stream.mjpeg} (multipart/x-mixed-replace JPEGs) to its clients from its own
 * thread: takes the latest frame the {@link FrameTap} copied, renders the overlay, encodes it once
 * and writes the same buffer to every client that can take it now — a client whose socket is full
 * skips frames; nobody waits. The tap runs only while at least one client watches.
 *
 * <p>Threading: the stream thread renders and writes; clients are added and removed from event
 * loops (copy-on-write list).
 */
public final class MjpegHub implements AutoCloseable {
    static final String BOUNDARY = "trident-frame";
    private static final Logger LOG = LoggerFactory.getLogger(MjpegHub.class);

    private final FrameTap tap;
    private final PipelineMetrics metrics;
    private final int width;
    private final int quality;
    private final CopyOnWriteArrayList<Channel> clients = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;
    private byte[] body = new byte[0]; // stream thread only: reused JPEG bytes

    public MjpegHub(FrameTap tap, PipelineMetrics metrics, int width, int quality) {
        this.tap = tap;
        this.metrics = metrics;
        this.width = width;
        this.quality = quality;
        this.thread = new Thread(this::loop, "trident-mjpeg");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    void add(Channel ch) {
        clients.add(ch);
        metrics.mjpegClients(1);
        tap.setWatched(true);
        ch.closeFuture().addListener(f -> {
            if (clients.remove(ch)) {
                metrics.mjpegClients(-1);
            }
            tap.setWatched(!clients.isEmpty());
        });
    }

    public int clients() {
        return clients.size();
    }

    private void loop() {
        try (StreamOverlay overlay = new StreamOverlay(width, quality)) {
            while (!stopped) {
                FrameTap.Snapshot snap = tap.take(500, TimeUnit.MILLISECONDS);
                if (snap == null || clients.isEmpty()) {
                    continue;
                }
                MatOfByte jpeg = overlay.render(snap);
                int n = (int) jpeg.total();
                byte[] header = ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + n + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                ByteBuf part = ByteBufAllocator.DEFAULT.buffer(header.length + n + 2);
                try {
                    part.writeBytes(header);
                    if (body.length < n) {
                        body = new byte[n + n / 4];
                    }
                    jpeg.get(0, 0, body);
                    part.writeBytes(body, 0, n);
                    part.writeByte('\r').writeByte('\n');
                    metrics.mjpegFrame();
                    for (Channel ch : clients) {
                        if (ch.isActive() && ch.isWritable()) {
                            ch.writeAndFlush(new DefaultHttpContent(part.retainedDuplicate()));
                        }
                    }
                } finally {
                    part.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("overlay stream stopped", e);
        }
    }

    /** Ends every stream and stops the thread. */
    @Override
    public void close() {
        stopped = true;
        tap.close();
        for (Channel ch : clients) {
            if (ch.isActive()) {
                ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> ch.close());
            }
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
