package dev.trident.trainer.data;

import java.util.List;
import org.opencv.core.Mat;

/**
 * A loaded and checked sample: the image as 8-bit BGR and whichever labels it has (null = not
 * labelled). Owns its Mats: {@link #close()} releases them.
 *
 * <p>Not thread-safe.
 *
 * @param sample       where it came from
 * @param image        8-bit BGR image (CV_8UC3)
 * @param segmentation class ids (CV_8UC1), or null
 * @param depth        depth × scale (CV_16UC1, 0 = invalid), or null
 * @param boxes        detection labels, or null
 */
public record LabelledSample(DatasetSample sample, Mat image, Mat segmentation, Mat depth, List<YoloBox> boxes)
        implements AutoCloseable {

    @Override
    public void close() {
        image.release();
        if (segmentation != null) {
            segmentation.release();
        }
        if (depth != null) {
            depth.release();
        }
    }
}
