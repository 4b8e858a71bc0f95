package dev.trident.runtime.source;

import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * Process-wide FFmpeg set-up, done once: quiet logging (errors only), network init, and the one
 * native interrupt callback shared by all sessions. Thread-safe.
 *
 * <p>The callback is shared because JavaCPP caps the number of live callback instances per class;
 * each session registers a {@link BooleanSupplier} under a small integer that FFmpeg hands back as
 * the callback's opaque pointer.
 */
final class FfmpegLibrary {
    private static final Map<Long, BooleanSupplier> INTERRUPTS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final Interrupt INTERRUPT;

    static {
        av_log_set_level(AV_LOG_ERROR);
        avformat_network_init();
        INTERRUPT = new Interrupt();
    }

    private FfmpegLibrary() {
    }

    /** Runs the one-time set-up (class initialisation is once-only and thread-safe by the JLS). */
    static void ensureLoaded() {
        // nothing else to do: reaching here ran the static initialiser
    }

    /** Fills {@code cb} with the shared callback and a fresh id; returns the id for {@link #unregister}. */
    static long register(AVIOInterruptCB cb, BooleanSupplier interrupted) {
        long id = NEXT_ID.getAndIncrement();
        INTERRUPTS.put(id, interrupted);
        cb.callback(INTERRUPT);
        cb.opaque(new Pointer() {
            {
                address = id; // never dereferenced: only a key FFmpeg passes back
            }
        });
        return id;
    }

    static void unregister(long id) {
        INTERRUPTS.remove(id);
    }

    /** FFmpeg's text for an error code, e.g. "Connection refused". */
    static String error(int code) {
        byte[] buf = new byte[128];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    private static final class Interrupt extends AVIOInterruptCB.Callback_Pointer {
        @Override
        public int call(Pointer opaque) {
            BooleanSupplier s = INTERRUPTS.get(opaque == null ? 0L : opaque.address());
            return s != null && s.getAsBoolean() ? 1 : 0;
        }
    }
}
