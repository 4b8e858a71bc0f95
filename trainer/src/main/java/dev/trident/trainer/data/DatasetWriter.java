package dev.trident.trainer.data;

import dev.trident.runtime.contract.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Writes a dataset in the documented format (docs/dataset-format.md): images, YOLO detection
 * text files, 8-bit segmentation PNGs and 16-bit depth PNGs, the split lists and
 * {@code dataset.yaml}. A task passed as {@code null} for a sample writes no file for it: that
 * sample is unlabelled for that task.
 *
 * <p>Reuses its Mats and scratch arrays across samples; {@link #close()} writes the split lists
 * and the manifest, then releases the Mats. Not thread-safe.
 */
public final class DatasetWriter implements AutoCloseable {
    /** Image file extension written ("jpg", JPEG quality 95). */
    public static final String IMAGE_EXT = "jpg";

    private final Path root;
    private final DatasetManifest manifest;
    private final Map<String, List<String>> splitLists = new LinkedHashMap<>();
    private final PixelBuffers pixels = new PixelBuffers();
    private final Mat image = new Mat();
    private final Mat classes = new Mat();
    private final Mat depth = new Mat();
    private final MatOfInt jpegParams = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95);
    private final MatOfInt pngParams = new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, 3);
    private boolean closed;

    private DatasetWriter(Path root, DatasetManifest manifest) {
        this.root = root;
        this.manifest = manifest;
        for (String split : manifest.splits().keySet()) {
            splitLists.put(split, new ArrayList<>());
        }
    }

    /**
     * Creates the dataset folder (and its sub-folders) and returns a writer. The folder must be
     * new or empty unless {@code overwrite}, which first removes the files a previous run wrote.
     */
    public static DatasetWriter create(Path root, DatasetManifest manifest, boolean overwrite) {
        OpenCvNatives.load();
        prepareFolder(root, overwrite);
        try {
            Files.createDirectories(root.resolve(DatasetManifest.IMAGES));
            for (Task t : manifest.tasks()) {
                Files.createDirectories(root.resolve(DatasetManifest.labelDir(t)));
            }
            for (String list : manifest.splits().values()) {
                Path parent = root.resolve(list).getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot create folders under " + root + " (" + e.getMessage()
                    + "); choose a writable output folder", e);
        }
        return new DatasetWriter(root, manifest);
    }

    /**
     * Checks, without changing anything, that {@code root} can take a new dataset: it is a new
     * folder under a writable one, an empty folder, or (with {@code overwrite}) an earlier output.
     */
    public static void checkFolder(Path root, boolean overwrite) {
        try {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new DatasetException("output " + root + " is a file, not a folder; choose a folder path");
            }
            if (Files.isDirectory(root)) {
                boolean empty;
                try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
                    empty = !s.iterator().hasNext();
                }
                if (!empty && !overwrite) {
                    throw new DatasetException("output folder " + root
                            + " is not empty; choose a new folder or pass --overwrite to replace it");
                }
                if (!empty && !Files.isRegularFile(root.resolve(DatasetManifest.FILE))) {
                    throw new DatasetException("output folder " + root
                            + " is not empty and holds no dataset.yaml; refusing to overwrite it, choose a new folder");
                }
                if (!Files.isWritable(root)) {
                    throw new DatasetException("output folder " + root + " is not writable; choose a folder you can "
                            + "write to");
                }
                return;
            }
            Path parent = root.toAbsolutePath().getParent();
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new DatasetException("cannot create output folder " + root + ": "
                        + (parent == null ? "no existing parent" : parent + (Files.isDirectory(parent)
                        ? " is not writable" : " is a file")) + "; choose a writable location");
            }
        } catch (IOException e) {
            throw new DatasetException("cannot use output folder " + root + " (" + e.getMessage()
                    + "); choose a writable folder", e);
        }
    }

    /** {@link #checkFolder checks} {@code root}, then creates it or clears what an earlier run wrote there. */
    public static void prepareFolder(Path root, boolean overwrite) {
        checkFolder(root, overwrite);
        try {
            if (Files.isRegularFile(root.resolve(DatasetManifest.FILE))) {
                for (String name : new String[] {DatasetManifest.IMAGES, DatasetManifest.LABELS, "splits"}) {
                    deleteTree(root.resolve(name));
                }
                for (String name : new String[] {DatasetManifest.FILE, "objects.jsonl", "frames.jsonl", "drive.avi"}) {
                    Files.deleteIfExists(root.resolve(name));
                }
            }
            Files.createDirectories(root);
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("cannot create output folder " + root + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); choose a writable folder", e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    public Path root() {
        return root;
    }

    public DatasetManifest manifest() {
        return manifest;
    }

    /**
     * Writes one sample.
     *
     * @param split     split the sample belongs to (must be in the manifest)
     * @param name      file stem, e.g. {@code 000042}
     * @param rgb       image pixels, 0xRRGGBB, row-major
     * @param semantic  class id per pixel, or null: no segmentation label
     * @param depthM    depth in metres per pixel (non-finite or ≤ 0 = invalid), or null: no depth label
     * @param boxes     detection labels (empty = labelled, no objects), or null: no detection label
     */
    public void write(String split, String name, int[] rgb, byte[] semantic, float[] depthM, List<YoloBox> boxes) {
        List<String> list = splitLists.get(split);
        if (list == null) {
            throw new IllegalArgumentException("split '" + split + "' is not in the manifest " + splitLists.keySet());
        }
        int w = manifest.width();
        int h = manifest.height();
        if (rgb.length != w * h) {
            throw new IllegalArgumentException("image has " + rgb.length + " pixels, the dataset is " + w + "x" + h);
        }
        String file = name + "." + IMAGE_EXT;
        pixels.rgbToBgr(rgb, w, h, image);
        imwrite(root.resolve(DatasetManifest.IMAGES).resolve(file), image, jpegParams);
        if (semantic != null) {
            requireTask(Task.SEGMENTATION);
            pixels.classes(semantic, w, h, classes);
            imwrite(labelPath(Task.SEGMENTATION, name, "png"), classes, pngParams);
        }
        if (depthM != null) {
            requireTask(Task.DEPTH);
            if (depthM.length != w * h) {
                throw new IllegalArgumentException("depth map has " + depthM.length + " pixels, expected " + w * h);
            }
            pixels.depth(depthM, w, h, manifest.depthScale(), manifest.maxDepth(), depth);
            imwrite(labelPath(Task.DEPTH, name, "png"), depth, pngParams);
        }
        if (boxes != null) {
            requireTask(Task.DETECTION);
            StringBuilder sb = new StringBuilder();
            for (YoloBox b : boxes) {
                sb.append(b.toLine()).append('\n');
            }
            Path p = labelPath(Task.DETECTION, name, "txt");
            try {
                Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new DatasetException(p + ": cannot write (" + e.getMessage() + "); check free space and permissions",
                        e);
            }
        }
        list.add(file);
    }

    private void requireTask(Task t) {
        if (!manifest.tasks().contains(t)) {
            throw new IllegalArgumentException("the manifest declares no " + t.json() + " task");
        }
    }

    private Path labelPath(Task t, String name, String ext) {
        return root.resolve(DatasetManifest.labelDir(t)).resolve(name + "." + ext);
    }

    private static void imwrite(Path p, Mat m, MatOfInt params) {
        if (!Imgcodecs.imwrite(p.toString(), m, params)) {
            throw new DatasetException(p + ": OpenCV could not write the image; check free space and permissions");
        }
    }

    /** Writes the split lists and dataset.yaml, then releases the buffers. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Map.Entry<String, List<String>> e : splitLists.entrySet()) {
                Path p = root.resolve(manifest.splits().get(e.getKey()));
                Files.write(p, e.getValue(), StandardCharsets.UTF_8);
            }
            manifest.write(root);
        } catch (IOException e) {
            throw new DatasetException("cannot finish the dataset in " + root + " (" + e.getMessage()
                    + "); check free space and permissions", e);
        } finally {
            image.release();
            classes.release();
            depth.release();
            jpegParams.release();
            pngParams.release();
        }
    }
}
