package dev.trident.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.runtime.contract.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contents of a dataset's {@code dataset.yaml}: image size, camera, the tasks with their
 * class lists and encodings, and the splits. See docs/dataset-format.md.
 *
 * <p>Immutable; thread-safe.
 *
 * @param name                human-readable dataset name
 * @param width               image width, pixels
 * @param height              image height, pixels
 * @param camera              pinhole intrinsics at this image size, or null when unknown
 * @param detectionClasses    detection class names (index = YOLO class id), or null: no detection task
 * @param segmentationClasses segmentation class names (index = pixel value), or null: no segmentation task
 * @param depthScale          16-bit depth PNG value per metre (256 = KITTI), or 0: no depth task
 * @param maxDepth            largest depth stored, metres (farther is 0 = invalid)
 * @param splits              split name → list file (relative to the dataset root), in order
 */
public record DatasetManifest(String name, int width, int height, CameraIntrinsics camera,
                              List<String> detectionClasses, List<String> segmentationClasses, double depthScale,
                              double maxDepth, Map<String, String> splits) {

    public static final String FILE = "dataset.yaml";
    public static final String FORMAT = "trident-dataset";
    public static final int VERSION = 1;
    /** Segmentation pixel value meaning "not labelled" (Cityscapes trainId convention). */
    public static final int IGNORE = 255;
    public static final String IMAGES = "images";
    public static final String LABELS = "labels";

    public DatasetManifest {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        detectionClasses = detectionClasses == null ? null : List.copyOf(detectionClasses);
        segmentationClasses = segmentationClasses == null ? null : List.copyOf(segmentationClasses);
        if (segmentationClasses != null && segmentationClasses.size() > IGNORE) {
            throw new IllegalArgumentException("at most 255 segmentation classes fit an 8-bit PNG, got "
                    + segmentationClasses.size());
        }
        splits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    }

    /** The tasks this dataset can carry labels for. */
    public Set<Task> tasks() {
        Set<Task> t = EnumSet.noneOf(Task.class);
        if (detectionClasses != null) {
            t.add(Task.DETECTION);
        }
        if (segmentationClasses != null) {
            t.add(Task.SEGMENTATION);
        }
        if (depthScale > 0) {
            t.add(Task.DEPTH);
        }
        return t;
    }

    /** Folder of a task's label files, relative to the root. */
    public static String labelDir(Task task) {
        return LABELS + "/" + task.json();
    }

    /** Writes this manifest as {@code dataset.yaml} under {@code root}. */
    public void write(Path root) throws IOException {
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("format", FORMAT);
        y.put("version", VERSION);
        y.put("name", name);
        y.put("image", map("width", width, "height", height, "dir", IMAGES));
        if (camera != null) {
            y.put("camera", map("fx", camera.fx(), "fy", camera.fy(), "cx", camera.cx(), "cy", camera.cy()));
        }
        Map<String, Object> tasks = new LinkedHashMap<>();
        if (detectionClasses != null) {
            tasks.put("detection", map("format", "yolo", "dir", labelDir(Task.DETECTION), "classes", detectionClasses));
        }
        if (segmentationClasses != null) {
            tasks.put("segmentation", map("format", "png8", "dir", labelDir(Task.SEGMENTATION), "ignore_index", IGNORE,
                    "classes", segmentationClasses));
        }
        if (depthScale > 0) {
            tasks.put("depth", map("format", "png16", "dir", labelDir(Task.DEPTH), "unit", "metre", "scale",
                    depthScale, "max_depth", maxDepth, "invalid", 0));
        }
        y.put("tasks", tasks);
        y.put("splits", splits);
        mapper().writeValue(root.resolve(FILE).toFile(), y);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ObjectMapper mapper() {
        YAMLFactory f = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        return new ObjectMapper(f);
    }

    /** Reads and checks {@code root/dataset.yaml}. */
    public static DatasetManifest read(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": no dataset.yaml; point at a dataset folder written by "
                    + "'trident gen-data' or see docs/dataset-format.md");
        }
        JsonNode y;
        try {
            y = mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DatasetException(file + ": not valid YAML (" + oneLine(e.getMessage()) + ")", e);
        }
        if (y == null || !y.isObject()) {
            throw new DatasetException(file + ": expected a YAML mapping with format, image, tasks and splits");
        }
        Reader r = new Reader(file, y);
        String format = r.text(y, "format");
        if (!FORMAT.equals(format)) {
            throw new DatasetException(file + ": format is '" + format + "', expected '" + FORMAT + "'");
        }
        int version = r.integer(y, "version");
        if (version != VERSION) {
            throw new DatasetException(file + ": version " + version + " is not supported (this build reads "
                    + VERSION + ")");
        }
        JsonNode image = r.object(y, "image");
        int w = r.integer(image, "width");
        int h = r.integer(image, "height");
        if (w <= 0 || h <= 0) {
            throw new DatasetException(file + ": image.width and image.height must be positive, got " + w + "x" + h);
        }
        CameraIntrinsics camera = null;
        if (y.has("camera")) {
            JsonNode c = r.object(y, "camera");
            try {
                camera = new CameraIntrinsics(w, h, r.number(c, "fx"), r.number(c, "fy"), r.number(c, "cx"),
                        r.number(c, "cy"));
            } catch (IllegalArgumentException e) {
                throw new DatasetException(file + ": camera: " + e.getMessage(), e);
            }
        }
        JsonNode tasks = r.object(y, "tasks");
        List<String> det = tasks.has("detection") ? r.classes(r.object(tasks, "detection"), "detection") : null;
        List<String> seg = tasks.has("segmentation") ? r.classes(r.object(tasks, "segmentation"), "segmentation")
                : null;
        if (seg != null && seg.size() > IGNORE) {
            throw new DatasetException(file + ": tasks.segmentation.classes has " + seg.size()
                    + " entries; an 8-bit PNG with 255 = ignore holds at most 255");
        }
        double scale = 0;
        double max = 0;
        if (tasks.has("depth")) {
            JsonNode d = r.object(tasks, "depth");
            scale = r.number(d, "scale");
            max = d.has("max_depth") ? r.number(d, "max_depth") : 65535 / scale;
            if (!(scale > 0) || !(max > 0)) {
                throw new DatasetException(file + ": tasks.depth.scale and max_depth must be positive");
            }
        }
        JsonNode sp = r.object(y, "splits");
        Map<String, String> splits = new LinkedHashMap<>();
        sp.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new DatasetException(file + ": splits." + e.getKey()
                        + " must be the path of a list file, e.g. splits/" + e.getKey() + ".txt");
            }
            splits.put(e.getKey(), e.getValue().asText());
        });
        if (splits.isEmpty()) {
            throw new DatasetException(file + ": splits is empty; list at least one split, e.g. train: splits/train.txt");
        }
        String name = y.has("name") ? y.get("name").asText() : root.getFileName().toString();
        return new DatasetManifest(name, w, h, camera, det, seg, scale, max, splits);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** Field access with errors that name the file and the key. */
    private record Reader(Path file, JsonNode root) {
        JsonNode object(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.isObject()) {
                throw new DatasetException(file + ": missing or malformed '" + key + "' section; see docs/dataset-format.md");
            }
            return v;
        }

        String text(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.isValueNode()) {
                throw new DatasetException(file + ": missing '" + key + "'");
            }
            return v.asText();
        }

        int integer(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new DatasetException(file + ": '" + key + "' must be an integer");
            }
            return v.asInt();
        }

        double number(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.isNumber()) {
                throw new DatasetException(file + ": '" + key + "' must be a number");
            }
            return v.asDouble();
        }

        List<String> classes(JsonNode task, String taskName) {
            JsonNode c = task.get("classes");
            if (c == null || !c.isArray() || c.isEmpty()) {
                throw new DatasetException(file + ": tasks." + taskName + ".classes must be a non-empty list of names");
            }
            List<String> out = new ArrayList<>();
            c.forEach(n -> out.add(n.asText()));
            return out;
        }
    }
}
