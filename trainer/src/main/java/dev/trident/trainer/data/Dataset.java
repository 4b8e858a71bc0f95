package dev.trident.trainer.data;

import dev.trident.runtime.contract.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A dataset on disk in the documented format, opened for reading: the manifest, the samples of
 * every split, and loading with validation. Any problem surfaces as a {@link DatasetException}
 * whose one-line message names the offending file.
 *
 * <p>Immutable after {@link #open(Path)}; {@link #load(DatasetSample)} may be called from several
 * threads at once (each call owns its Mats).
 */
public final class Dataset {
    private final Path root;
    private final DatasetManifest manifest;
    private final List<DatasetSample> samples;

    private Dataset(Path root, DatasetManifest manifest, List<DatasetSample> samples) {
        this.root = root;
        this.manifest = manifest;
        this.samples = samples;
    }

    /** Reads {@code dataset.yaml} and the split lists, and finds each image's label files. */
    public static Dataset open(Path root) {
        OpenCvNatives.load();
        DatasetManifest m = DatasetManifest.read(root);
        List<DatasetSample> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> e : m.splits().entrySet()) {
            Path list = root.resolve(e.getValue());
            List<String> lines;
            try {
                lines = Files.readAllLines(list, StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new DatasetException(list + ": cannot read the list of split '" + e.getKey() + "' ("
                        + ex.getMessage() + "); create it with one image file name per line", ex);
            }
            for (int i = 0; i < lines.size(); i++) {
                String file = lines.get(i).trim();
                if (file.isEmpty() || file.startsWith("#")) {
                    continue;
                }
                if (!seen.add(file)) {
                    throw new DatasetException(list + ":" + (i + 1) + ": image '" + file
                            + "' is listed twice; every image belongs to exactly one split");
                }
                Path image = root.resolve(DatasetManifest.IMAGES).resolve(file);
                if (!Files.isRegularFile(image)) {
                    throw new DatasetException(list + ":" + (i + 1) + ": image " + image
                            + " does not exist; remove the line or add the image");
                }
                int dot = file.lastIndexOf('.');
                String name = dot > 0 ? file.substring(0, dot) : file;
                all.add(new DatasetSample(e.getKey(), name, image,
                        label(root, m, Task.DETECTION, name, "txt"),
                        label(root, m, Task.SEGMENTATION, name, "png"),
                        label(root, m, Task.DEPTH, name, "png")));
            }
        }
        return new Dataset(root, m, Collections.unmodifiableList(all));
    }

    private static Path label(Path root, DatasetManifest m, Task t, String name, String ext) {
        if (!m.tasks().contains(t)) {
            return null;
        }
        Path p = root.resolve(DatasetManifest.labelDir(t)).resolve(name + "." + ext);
        return Files.isRegularFile(p) ? p : null;
    }

    public Path root() {
        return root;
    }

    public DatasetManifest manifest() {
        return manifest;
    }

    /** Every sample, split by split in manifest order. */
    public List<DatasetSample> samples() {
        return samples;
    }

    /** The samples of one split. */
    public List<DatasetSample> samples(String split) {
        if (!manifest.splits().containsKey(split)) {
            throw new IllegalArgumentException("no split '" + split + "' in " + root + "; splits are "
                    + manifest.splits().keySet());
        }
        return samples.stream().filter(s -> s.split().equals(split)).toList();
    }

    /** How many samples are labelled for each task. */
    public Map<Task, Integer> labelledCounts() {
        Map<Task, Integer> counts = new EnumMap<>(Task.class);
        for (Task t : manifest.tasks()) {
            counts.put(t, (int) samples.stream().filter(s -> s.has(t)).count());
        }
        return counts;
    }

    /** Loads one sample and checks it against the manifest: sizes, types, class ids, box syntax. */
    public LabelledSample load(DatasetSample s) {
        int w = manifest.width();
        int h = manifest.height();
        Mat image = Imgcodecs.imread(s.image().toString(), Imgcodecs.IMREAD_COLOR);
        Mat seg = null;
        Mat depth = null;
        try {
            if (image.empty()) {
                throw new DatasetException(s.image() + ": unreadable image (not a JPEG/PNG OpenCV can decode); "
                        + "replace or remove it");
            }
            checkSize(s.image(), image, w, h);
            if (s.segmentation() != null) {
                seg = Imgcodecs.imread(s.segmentation().toString(), Imgcodecs.IMREAD_UNCHANGED);
                checkLabelImage(s.segmentation(), seg, CvType.CV_8UC1, "an 8-bit single-channel PNG of class ids", w, h);
                checkClassIds(s.segmentation(), seg);
            }
            if (s.depth() != null) {
                depth = Imgcodecs.imread(s.depth().toString(), Imgcodecs.IMREAD_UNCHANGED);
                checkLabelImage(s.depth(), depth, CvType.CV_16UC1, "a 16-bit single-channel PNG (metres × "
                        + (int) manifest.depthScale() + ")", w, h);
            }
            List<YoloBox> boxes = s.detection() == null ? null : readBoxes(s.detection());
            return new LabelledSample(s, image, seg, depth, boxes);
        } catch (RuntimeException e) {
            image.release();
            if (seg != null) {
                seg.release();
            }
            if (depth != null) {
                depth.release();
            }
            throw e;
        }
    }

    /** Loads every sample once; throws on the first problem. Returns labelled counts per task. */
    public Map<Task, Integer> validate() {
        for (DatasetSample s : samples) {
            load(s).close();
        }
        return labelledCounts();
    }

    private static void checkSize(Path p, Mat m, int w, int h) {
        if (m.cols() != w || m.rows() != h) {
            throw new DatasetException(p + ": size " + m.cols() + "x" + m.rows() + " does not match the dataset's "
                    + w + "x" + h + " (dataset.yaml image); resize it or fix dataset.yaml");
        }
    }

    private static void checkLabelImage(Path p, Mat m, int type, String expected, int w, int h) {
        if (m.empty()) {
            m.release();
            throw new DatasetException(p + ": unreadable label image; expected " + expected);
        }
        if (m.type() != type) {
            String got = CvType.typeToString(m.type());
            m.release();
            throw new DatasetException(p + ": label image is " + got + ", expected " + expected);
        }
        if (m.cols() != w || m.rows() != h) {
            String got = m.cols() + "x" + m.rows();
            m.release();
            throw new DatasetException(p + ": size " + got + " does not match the dataset's " + w + "x" + h);
        }
    }

    private void checkClassIds(Path p, Mat seg) {
        int n = manifest.segmentationClasses().size();
        // fast path: the largest id below 255 decides; only scan when 255 (ignore) is present
        Core.MinMaxLocResult mm = Core.minMaxLoc(seg);
        if (mm.maxVal < n) {
            return;
        }
        byte[] px = new byte[(int) seg.total()];
        seg.get(0, 0, px);
        for (int i = 0; i < px.length; i++) {
            int v = px[i] & 255;
            if (v >= n && v != DatasetManifest.IGNORE) {
                int x = i % seg.cols();
                int y = i / seg.cols();
                seg.release();
                throw new DatasetException(p + ": class id " + v + " at pixel (" + x + ", " + y + ") is out of range; "
                        + "ids are 0.." + (n - 1) + " (dataset.yaml segmentation classes) or 255 = ignore");
            }
        }
    }

    private List<YoloBox> readBoxes(Path p) {
        List<String> lines;
        try {
            lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
        int classes = manifest.detectionClasses().size();
        List<YoloBox> boxes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = p + ":" + (i + 1) + ": ";
            String[] f = line.split("\\s+");
            if (f.length != 5) {
                throw new DatasetException(where + "expected 'class cx cy w h' (5 fields), got " + f.length);
            }
            int cls;
            double[] v = new double[4];
            try {
                cls = Integer.parseInt(f[0]);
                for (int k = 0; k < 4; k++) {
                    v[k] = Double.parseDouble(f[k + 1]);
                }
            } catch (NumberFormatException e) {
                throw new DatasetException(where + "not numbers: '" + line + "'", e);
            }
            if (cls < 0 || cls >= classes) {
                throw new DatasetException(where + "class id " + cls + " is out of range 0.." + (classes - 1)
                        + " (dataset.yaml detection classes)");
            }
            for (double x : v) {
                if (!(x >= 0 && x <= 1)) {
                    throw new DatasetException(where + "coordinates must be normalised to [0, 1], got '" + line + "'");
                }
            }
            if (!(v[2] > 0 && v[3] > 0)) {
                throw new DatasetException(where + "box width and height must be positive, got '" + line + "'");
            }
            boxes.add(new YoloBox(cls, v[0], v[1], v[2], v[3]));
        }
        return boxes;
    }
}
