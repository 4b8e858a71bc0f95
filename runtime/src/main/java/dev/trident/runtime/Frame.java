package dev.trident.runtime;

import org.opencv.core.Mat;

/**
 * One camera frame on its way through the runtime: an 8-bit BGR image (CV_8UC3, any size) with
 * its sequence number and capture time.
 *
 * <p>The {@code image} is owned by whoever produced the frame (a source reuses its Mats); the
 * engine reads it during {@code process} and keeps no reference afterwards.
 *
 * @param image              8-bit BGR image
 * @param seq                sequence number assigned by the source, increasing by one per captured frame
 * @param captureNanos       capture time on the monotonic clock ({@link System#nanoTime()})
 * @param captureEpochMillis capture time on the wall clock (milliseconds since the Unix epoch)
 */
public record Frame(Mat image, long seq, long captureNanos, long captureEpochMillis) {

    /** A frame captured now (for single images and tests). */
    public static Frame of(Mat image, long seq) {
        return new Frame(image, seq, System.nanoTime(), System.currentTimeMillis());
    }
}
