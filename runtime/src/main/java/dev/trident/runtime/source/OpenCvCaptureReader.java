package dev.trident.runtime.source;

import dev.trident.runtime.TridentException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

/**
 * A session on an OpenCV {@link VideoCapture}: MJPG AVI files through OpenCV's built-in MJPEG
 * backend, V4L2 cameras through its V4L2 backend (this OpenCV build has no FFmpeg). A frame whose
 * grab succeeds but whose decode fails is skipped and counted; a failed grab is the end of the file
 * (or a lost camera).
 *
 * <p>Single-threaded. A V4L2 grab cannot be interrupted: it returns within a frame interval, or
 * after OpenCV's V4L2 select timeout if the camera hangs.
 */
final class OpenCvCaptureReader implements FrameReader {
    private final VideoCapture capture;
    private final SourceCounters counters;
    private final String description;
    private final double fps;
    private final int width;
    private final int height;

    private OpenCvCaptureReader(VideoCapture capture, SourceCounters counters, String description) {
        this.capture = capture;
        this.counters = counters;
        double f = capture.get(Videoio.CAP_PROP_FPS);
        this.fps = Double.isFinite(f) && f > 0 && f < 1000 ? f : 0;
        this.width = (int) capture.get(Videoio.CAP_PROP_FRAME_WIDTH);
        this.height = (int) capture.get(Videoio.CAP_PROP_FRAME_HEIGHT);
        this.description = description + " " + width + "x" + height + (fps > 0 ? String.format(" @ %.2f fps", fps) : "");
    }

    /** Opens an MJPG AVI file; throws with a clear line if OpenCV cannot read it. */
    static OpenCvCaptureReader openFile(String path, SourceCounters counters) {
        dev.trident.runtime.image.OpenCvNatives.load();
        VideoCapture capture = new VideoCapture(path, Videoio.CAP_OPENCV_MJPEG);
        if (!capture.isOpened()) {
            capture.release();
            throw new TridentException("cannot read video file " + path
                    + " with OpenCV's MJPEG reader (only MJPG-coded AVI files are supported there)");
        }
        return new OpenCvCaptureReader(capture, counters, "MJPG AVI file via OpenCV");
    }

    /** Opens a V4L2 camera device such as /dev/video0; {@code fps > 0} requests a capture rate. */
    static OpenCvCaptureReader openCamera(String device, double fps, SourceCounters counters) {
        dev.trident.runtime.image.OpenCvNatives.load();
        // /dev/videoN by index: OpenCV's best-trodden V4L2 path; other device paths (by-id links) by name
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/dev/video(\\d+)").matcher(device);
        VideoCapture capture = m.matches() ? new VideoCapture(Integer.parseInt(m.group(1)), Videoio.CAP_V4L2)
                : new VideoCapture(device, Videoio.CAP_V4L2);
        if (!capture.isOpened()) {
            capture.release();
            throw new TridentException("cannot open V4L2 camera " + device
                    + " (is it plugged in, and is the user in the 'video' group?)");
        }
        if (fps > 0) {
            capture.set(Videoio.CAP_PROP_FPS, fps);
        }
        return new OpenCvCaptureReader(capture, counters, "V4L2 camera via OpenCV");
    }

    @Override
    public boolean next(Mat into) {
        while (capture.grab()) {
            if (!capture.retrieve(into) || into.empty()) {
                counters.corruptSkipped();
                continue;
            }
            if (into.type() != CvType.CV_8UC3) {
                // in-place colour conversion: cameras may deliver grey; the contract is BGR
                Imgproc.cvtColor(into, into, into.channels() == 1 ? Imgproc.COLOR_GRAY2BGR : Imgproc.COLOR_BGRA2BGR);
            }
            return true;
        }
        return false;
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
        capture.release();
    }
}
