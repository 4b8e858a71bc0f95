package dev.trident.runtime.source;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import dev.trident.runtime.TridentException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * A session on one FFmpeg input (file or network URL), decoding its best video stream with
 * FFmpeg's own demuxer and decoder through the bytedeco FFmpeg bindings that JavaCV is built on.
 *
 * <p>Why not {@code FFmpegFrameGrabber}: it swallows decode errors (so corrupt frames could not be
 * counted), cannot be interrupted from another thread while it blocks on a socket, and converts
 * into its own buffer. Here an FFmpeg interrupt callback aborts blocking I/O at once when the source
 * closes (and after {@code openTimeout} without data on live streams); frames flagged corrupt or
 * with decode errors are skipped and counted; and swscale writes BGR straight into the caller's Mat
 * — no intermediate frame buffer, no per-frame allocation.
 *
 * <p>Single-threaded: only the source's reading thread (or {@code close()} once it is out) calls it.
 */
final class FfmpegReader implements FrameReader {
    private static final int FF_THREAD_SLICE = 2; // not exported by the bindings
    /** Consecutive read/decode errors tolerated in a file before giving up on it. */
    private static final int MAX_CONSECUTIVE_ERRORS = 100;

    private final String url;
    private final boolean live;
    private final long timeoutNanos;
    private final BooleanSupplier closed;
    private final SourceCounters counters;

    private AVFormatContext format;
    private AVCodecContext codec;
    private AVFrame frame;
    private AVPacket packet;
    private SwsContext sws;
    private final long interruptId;
    /** Deadline for the blocking FFmpeg call in progress (live streams), 0 = none. Read by the interrupt callback on this thread. */
    private volatile long deadlineNanos;
    private volatile boolean timedOut;

    private final PointerPointer<Pointer> dstData = new PointerPointer<>(4);
    private final IntPointer dstStride = new IntPointer(4);
    private final Address dstAddress = new Address();
    private PointerPointer<?> srcData;
    private IntPointer srcStride;
    private int swsColorspace = -1;
    private int swsRange = -1;
    private SwsContext swsConfigured;

    private int streamIndex;
    private double fps;
    private int width;
    private int height;
    private String description;
    private boolean draining;
    private boolean ended;

    private FfmpegReader(String url, boolean live, Duration timeout, BooleanSupplier closed, SourceCounters counters) {
        this.url = url;
        this.live = live;
        this.timeoutNanos = timeout.toNanos();
        this.closed = closed;
        this.counters = counters;
        this.format = avformat_alloc_context();
        this.interruptId = FfmpegLibrary.register(format.interrupt_callback(), this::interrupted);
    }

    /**
     * Opens {@code url} (a file path or network URL) and its decoder.
     *
     * @param rtspTcp force RTSP over TCP (interleaved) instead of FFmpeg's UDP-first default
     * @param closed  true once the owning source is closed: aborts blocking I/O
     * @throws TridentException naming the input and FFmpeg's reason
     */
    static FfmpegReader open(String url, boolean live, boolean rtspTcp, Duration timeout, BooleanSupplier closed,
                             SourceCounters counters) {
        FfmpegReader r = new FfmpegReader(url, live, timeout, closed, counters);
        try {
            r.openInput(rtspTcp);
            return r;
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private void openInput(boolean rtspTcp) {
        AVDictionary options = new AVDictionary(null);
        if (rtspTcp) {
            av_dict_set(options, "rtsp_transport", "tcp", 0);
        }
        startDeadline();
        int ret = avformat_open_input(format, url, null, options);
        av_dict_free(options);
        if (ret < 0) {
            format = null; // FFmpeg frees the context when open fails
            throw failure("cannot open", ret);
        }
        startDeadline();
        if ((ret = avformat_find_stream_info(format, (PointerPointer<?>) null)) < 0) {
            throw failure("cannot read stream information from", ret);
        }
        streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        if (streamIndex < 0) {
            throw new TridentException("no video stream in " + url + " (FFmpeg found only audio/data streams)");
        }
        AVStream stream = format.streams(streamIndex);
        AVCodecParameters par = stream.codecpar();
        String codecName = avcodec_get_name(par.codec_id()).getString();
        AVCodec decoder = avcodec_find_decoder(par.codec_id());
        if (decoder == null || decoder.isNull()) {
            throw new TridentException("no FFmpeg decoder for the " + codecName + " video in " + url);
        }
        codec = avcodec_alloc_context3(decoder);
        if ((ret = avcodec_parameters_to_context(codec, par)) < 0) {
            throw failure("cannot set up the " + codecName + " decoder for", ret);
        }
        codec.thread_count(0); // FFmpeg picks by core count
        if (live) {
            // frame threading buffers one frame per thread: too much latency for a camera
            codec.thread_type(FF_THREAD_SLICE);
            codec.flags(codec.flags() | AV_CODEC_FLAG_LOW_DELAY);
        }
        if ((ret = avcodec_open2(codec, decoder, (AVDictionary) null)) < 0) {
            throw failure("cannot open the " + codecName + " decoder for", ret);
        }
        frame = av_frame_alloc();
        packet = av_packet_alloc();
        srcData = frame.data();
        srcStride = frame.linesize();
        fps = rate(stream.avg_frame_rate());
        if (fps == 0) {
            fps = rate(stream.r_frame_rate());
        }
        width = par.width();
        height = par.height();
        description = codecName + " " + width + "x" + height + " " + format.iformat().name().getString()
                + (live ? " stream" : " file") + " via FFmpeg";
        deadlineNanos = 0;
    }

    @Override
    public boolean next(Mat into) {
        int errors = 0;
        while (!ended && !closed.getAsBoolean()) {
            int ret = avcodec_receive_frame(codec, frame);
            if (ret >= 0) {
                try {
                    if ((frame.flags() & AVFrame.AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
                        counters.corruptSkipped();
                        continue;
                    }
                    toBgr(into);
                    return true;
                } finally {
                    av_frame_unref(frame);
                }
            }
            if (ret == AVERROR_EOF()) {
                ended = true;
            } else if (ret != AVERROR_EAGAIN()) {
                counters.corruptSkipped();
                errors = checkErrors(errors, "decoding", ret);
            } else if (draining) {
                ended = true; // defensive: a drained decoder answers EOF, not EAGAIN
            } else {
                errors = feedPacket(errors);
            }
        }
        return false;
    }

    /** Reads one packet and sends it to the decoder (or starts draining at the end of input). */
    private int feedPacket(int errors) {
        startDeadline();
        int ret = av_read_frame(format, packet);
        deadlineNanos = 0;
        if (ret == AVERROR_EOF()) {
            avcodec_send_packet(codec, null);
            draining = true;
            return errors;
        }
        if (ret < 0) {
            if (closed.getAsBoolean()) {
                return errors;
            }
            if (timedOut) {
                throw new TridentException("no data from " + url + " for " + timeoutNanos / 1_000_000
                        + " ms (open timeout)");
            }
            if (live) {
                throw failure("lost", ret);
            }
            return checkErrors(errors, "reading", ret);
        }
        try {
            if (packet.stream_index() == streamIndex) {
                ret = avcodec_send_packet(codec, packet);
                if (ret < 0 && ret != AVERROR_EAGAIN() && ret != AVERROR_EOF()) {
                    counters.corruptSkipped();
                    return checkErrors(errors, "decoding", ret);
                }
            }
            return 0;
        } finally {
            av_packet_unref(packet);
        }
    }

    private int checkErrors(int errors, String what, int ret) {
        if (errors + 1 >= MAX_CONSECUTIVE_ERRORS) {
            throw failure(MAX_CONSECUTIVE_ERRORS + " consecutive errors " + what, ret);
        }
        return errors + 1;
    }

    /** Converts the decoded frame to BGR24 directly into {@code into}'s buffer. */
    private void toBgr(Mat into) {
        int w = frame.width();
        int h = frame.height();
        int pixFmt = frame.format();
        into.create(h, w, CvType.CV_8UC3); // no-op while the size is unchanged
        sws = sws_getCachedContext(sws, w, h, pixFmt, w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR, null, null,
                (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new TridentException("cannot convert " + url + "'s pixel format "
                    + av_get_pix_fmt_name(pixFmt).getString() + " to BGR");
        }
        int colorspace = frame.colorspace() == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
        int range = frame.color_range() == AVCOL_RANGE_JPEG ? 1 : 0;
        if (sws != swsConfigured || colorspace != swsColorspace || range != swsRange) {
            // HD streams are BT.709; swscale assumes BT.601 unless told
            sws_setColorspaceDetails(sws, sws_getCoefficients(colorspace), range, sws_getCoefficients(SWS_CS_DEFAULT), 1,
                    0, 1 << 16, 1 << 16);
            swsConfigured = sws;
            swsColorspace = colorspace;
            swsRange = range;
        }
        dstData.put(0, dstAddress.at(into.dataAddr()));
        dstStride.put(0, (int) into.step1(0));
        sws_scale(sws, srcData, srcStride, 0, h, dstData, dstStride);
    }

    private boolean interrupted() {
        if (closed.getAsBoolean()) {
            return true;
        }
        long deadline = deadlineNanos;
        if (deadline != 0 && System.nanoTime() - deadline > 0) {
            timedOut = true; // FFmpeg may report the abort as another error (RTSP: "Invalid data")
            return true;
        }
        return false;
    }

    private void startDeadline() {
        deadlineNanos = live ? System.nanoTime() + timeoutNanos : 0;
    }

    private TridentException failure(String what, int ret) {
        if (timedOut && !closed.getAsBoolean()) {
            return new TridentException("no answer from " + url + " within " + timeoutNanos / 1_000_000
                    + " ms (open timeout); check the address and that the camera/server is up");
        }
        return new TridentException(what + " " + url + ": " + FfmpegLibrary.error(ret));
    }

    private static double rate(AVRational r) {
        double v = r.den() == 0 ? 0 : av_q2d(r);
        return Double.isFinite(v) && v > 0 && v < 1000 ? v : 0;
    }

    @Override
    public double fps() {
        return fps;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        FfmpegLibrary.unregister(interruptId);
        dstData.close();
        dstStride.close();
        ended = true;
    }

    /** A pointer whose address can be set, to hand a Mat's buffer to swscale without allocating. */
    private static final class Address extends Pointer {
        Address at(long newAddress) {
            address = newAddress;
            return this;
        }
    }
}
