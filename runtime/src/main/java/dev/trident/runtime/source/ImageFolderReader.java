package dev.trident.runtime.source;

import java.nio.file.Path;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * One pass over a fixed list of image files, decoded with OpenCV. A file that does not decode
 * (corrupt, truncated beyond repair, deleted since listing) is skipped and counted.
 *
 * <p>OpenCV's Java {@code imread} always returns a fresh Mat, so each image is decoded into a
 * scratch Mat and copied into the caller's (which keeps its buffer while sizes agree). Single-threaded.
 */
final class ImageFolderReader implements FrameReader {
    private final List<Path> files;
    private final SourceCounters counters;
    private int index;

    ImageFolderReader(List<Path> files, SourceCounters counters) {
        dev.trident.runtime.image.OpenCvNatives.load();
        this.files = files;
        this.counters = counters;
    }

    @Override
    public boolean next(Mat into) {
        while (index < files.size()) {
            Path file = files.get(index++);
            Mat decoded = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
            try {
                if (decoded.empty()) {
                    counters.corruptSkipped();
                    continue;
                }
                decoded.copyTo(into); // IMREAD_COLOR always yields 8-bit BGR
                return true;
            } finally {
                decoded.release();
            }
        }
        return false;
    }

    @Override
    public double fps() {
        return 0;
    }

    @Override
    public int width() {
        return 0;
    }

    @Override
    public int height() {
        return 0;
    }

    @Override
    public String description() {
        return files.size() + " image file(s) via OpenCV";
    }

    @Override
    public void close() {
        index = files.size();
    }
}
