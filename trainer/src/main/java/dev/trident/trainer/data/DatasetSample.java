package dev.trident.trainer.data;

import dev.trident.runtime.contract.Task;
import java.nio.file.Path;

/**
 * One image of a dataset with the label files it has. A null label path means that task is not
 * labelled for this image. Immutable; thread-safe.
 *
 * @param split        split the image is listed in
 * @param name         file stem
 * @param image        image file
 * @param detection    YOLO text file, or null
 * @param segmentation 8-bit class-id PNG, or null
 * @param depth        16-bit depth PNG, or null
 */
public record DatasetSample(String split, String name, Path image, Path detection, Path segmentation, Path depth) {

    /** Whether this image carries labels for {@code task}. */
    public boolean has(Task task) {
        return switch (task) {
            case DETECTION -> detection != null;
            case SEGMENTATION -> segmentation != null;
            case DEPTH -> depth != null;
        };
    }
}
