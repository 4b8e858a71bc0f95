package dev.trident.calibration.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trident.calibration.CalibrationException;
import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.CameraPose;
import dev.trident.calibration.Distortion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads, validates and writes a {@link CameraModel} as a ROS {@code camera_info} YAML file
 * ({@code image_width}, {@code image_height}, {@code camera_name}, {@code camera_matrix},
 * {@code distortion_model}, {@code distortion_coefficients}, {@code rectification_matrix},
 * {@code projection_matrix}) plus an optional Trident {@code extrinsics} section:
 *
 * <pre>
 * extrinsics:            # camera → vehicle (x forward, y left, z up; see CameraPose)
 *   x: 0.0               # metres, optional (default 0)
 *   y: 0.0               # metres, optional (default 0)
 *   height: 1.35         # metres above the ground, required
 *   pitch: 2.0           # degrees, positive nose-down, optional (default 0)
 *   roll: 0.0            # degrees, optional
 *   yaw: 0.0             # degrees, positive left, optional
 * # or, instead of the angles, a full row-major 4×4 camera → vehicle transform:
 * #  matrix: {rows: 4, cols: 4, data: [...16 values...]}
 * </pre>
 *
 * <p>Only a monocular camera is supported: {@code rectification_matrix}, when present, must be
 * the identity. {@code projection_matrix}, when present, must be a finite 3×4 matrix; it is
 * written as {@code [K | 0]}. Every error is a {@link CalibrationException} whose one-line
 * message names the file, the key and the fix.
 *
 * <p>Stateless; thread-safe.
 */
public final class CameraModelYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("image_width", "image_height", "camera_name", "camera_matrix",
            "distortion_model", "distortion_coefficients", "rectification_matrix", "projection_matrix", "extrinsics");
    private static final Set<String> EXTRINSIC_KEYS = Set.of("x", "y", "height", "pitch", "roll", "yaw", "matrix");

    private CameraModelYaml() {
    }

    /** Reads and validates a camera file. */
    public static CameraModel read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CalibrationException("camera file " + file + " does not exist; pass the YAML written by"
                    + " 'trident calibrate intrinsics'");
        } catch (IOException e) {
            throw new CalibrationException("cannot read camera file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses and validates camera YAML text; {@code source} names it in error messages.
     */
    public static CameraModel parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            String why = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().strip().lines()
                    .map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("syntax error");
            throw new CalibrationException(source + " is not valid YAML" + where + ": " + why, e);
        }
        if (root == null || !root.isObject()) {
            throw new CalibrationException(source + " must be a YAML mapping with ROS camera_info keys"
                    + " (image_width, image_height, camera_matrix, ...)");
        }
        rejectUnknown(root, TOP_KEYS, source, "");

        int width = positiveInt(root, "image_width", source);
        int height = positiveInt(root, "image_height", source);
        String name = root.hasNonNull("camera_name") ? root.get("camera_name").asText() : "camera";

        double[] k = matrix(root, "camera_matrix", 3, 3, source);
        double scale = Math.max(Math.abs(k[0]), Math.abs(k[4]));
        if (Math.abs(k[1]) > 1e-9 * scale || k[3] != 0 || k[6] != 0 || k[7] != 0 || k[8] != 1) {
            throw new CalibrationException(source + ": camera_matrix must be [fx, 0, cx, 0, fy, cy, 0, 0, 1] (no skew)");
        }
        if (!(k[0] > 0) || !(k[4] > 0)) {
            throw new CalibrationException(source + ": camera_matrix focal lengths fx, fy (data[0], data[4]) must be positive");
        }

        String modelName = text(root, "distortion_model", source);
        double[] d = vector(root, "distortion_coefficients", source);
        Distortion distortion;
        try {
            distortion = Distortion.fromRos(modelName, d);
        } catch (CalibrationException e) {
            throw new CalibrationException(source + ": " + e.getMessage(), e);
        }

        if (root.has("rectification_matrix")) {
            double[] r = matrix(root, "rectification_matrix", 3, 3, source);
            double[] eye = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            for (int i = 0; i < 9; i++) {
                if (Math.abs(r[i] - eye[i]) > 1e-6) {
                    throw new CalibrationException(source + ": rectification_matrix must be the identity;"
                            + " stereo rectification is not supported");
                }
            }
        }
        if (root.has("projection_matrix")) {
            matrix(root, "projection_matrix", 3, 4, source);
        }

        CameraPose pose = root.has("extrinsics") ? extrinsics(root.get("extrinsics"), source) : null;
        try {
            return new CameraModel(name, new CameraIntrinsics(width, height, k[0], k[4], k[2], k[5]), distortion, pose);
        } catch (IllegalArgumentException e) {
            throw new CalibrationException(source + ": " + e.getMessage(), e);
        }
    }

    /** Writes the model, replacing {@code file}. */
    public static void write(CameraModel model, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toYaml(model), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CalibrationException("cannot write camera file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The model as ROS camera_info YAML text (plus the extrinsics section when it has a pose). */
    public static String toYaml(CameraModel model) {
        CameraIntrinsics in = model.intrinsics();
        double[] k = in.cameraMatrix();
        double[] d = model.distortion().coefficients();
        StringBuilder s = new StringBuilder(1024);
        s.append("image_width: ").append(in.width()).append('\n');
        s.append("image_height: ").append(in.height()).append('\n');
        s.append("camera_name: \"").append(model.name()).append("\"\n");
        appendMatrix(s, "camera_matrix", 3, 3, k);
        s.append("distortion_model: ").append(model.distortion().rosModel()).append('\n');
        appendMatrix(s, "distortion_coefficients", 1, d.length, d);
        appendMatrix(s, "rectification_matrix", 3, 3, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        appendMatrix(s, "projection_matrix", 3, 4,
                new double[] {k[0], 0, k[2], 0, 0, k[4], k[5], 0, 0, 0, 1, 0});
        CameraPose p = model.pose();
        if (p != null) {
            s.append("extrinsics:  # camera -> vehicle (x forward, y left, z up); metres and degrees\n");
            s.append("  x: ").append(number(p.x())).append('\n');
            s.append("  y: ").append(number(p.y())).append('\n');
            s.append("  height: ").append(number(p.height())).append('\n');
            s.append("  pitch: ").append(number(Math.toDegrees(p.pitch()))).append("  # positive nose-down\n");
            s.append("  roll: ").append(number(Math.toDegrees(p.roll()))).append('\n');
            s.append("  yaw: ").append(number(Math.toDegrees(p.yaw()))).append("  # positive left\n");
        }
        return s.toString();
    }

    private static CameraPose extrinsics(JsonNode e, String source) {
        if (!e.isObject()) {
            throw new CalibrationException(source + ": extrinsics must be a mapping with height/pitch/roll/yaw"
                    + " (degrees) or matrix (4x4)");
        }
        rejectUnknown(e, EXTRINSIC_KEYS, source, "extrinsics.");
        try {
            if (e.has("matrix")) {
                for (String key : new String[] {"x", "y", "height", "pitch", "roll", "yaw"}) {
                    if (e.has(key)) {
                        throw new CalibrationException(source + ": extrinsics has both 'matrix' and '" + key
                                + "'; give either the 4x4 matrix or x/y/height/pitch/roll/yaw");
                    }
                }
                return CameraPose.fromCameraToVehicle(matrix(e, "matrix", 4, 4, source + ": extrinsics"));
            }
            if (!e.has("height")) {
                throw new CalibrationException(source + ": extrinsics needs 'height' (camera height above the ground,"
                        + " metres) or a 4x4 'matrix'");
            }
            return new CameraPose(number(e, "x", 0, source), number(e, "y", 0, source), number(e, "height", 0, source),
                    Math.toRadians(number(e, "pitch", 0, source)), Math.toRadians(number(e, "roll", 0, source)),
                    Math.toRadians(number(e, "yaw", 0, source)));
        } catch (CalibrationException ex) {
            throw ex;
        } catch (IllegalArgumentException ex) {
            throw new CalibrationException(source + ": extrinsics: " + ex.getMessage(), ex);
        }
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String source, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new CalibrationException(source + ": unknown key '" + prefix + key + "'; expected "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static int positiveInt(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            throw new CalibrationException(source + ": missing '" + key + "' (image size in pixels)");
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() <= 0) {
            throw new CalibrationException(source + ": '" + key + "' must be a positive whole number of pixels, got '"
                    + n.asText() + "'");
        }
        return n.intValue();
    }

    private static String text(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull() || !n.isTextual()) {
            throw new CalibrationException(source + ": missing '" + key + "' (plumb_bob or equidistant)");
        }
        return n.asText();
    }

    private static double number(JsonNode parent, String key, double dflt, String source) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            throw new CalibrationException(source + ": extrinsics." + key + " must be a number, got '" + n.asText() + "'");
        }
        return n.doubleValue();
    }

    /** A ROS matrix {rows, cols, data}; checks its shape and that every entry is a finite number. */
    private static double[] matrix(JsonNode parent, String key, int rows, int cols, String source) {
        JsonNode n = parent.get(key);
        String form = key + " must be {rows: " + rows + ", cols: " + cols + ", data: [" + rows * cols + " numbers]}";
        if (n == null || n.isNull()) {
            throw new CalibrationException(source + ": missing '" + key + "'; " + form);
        }
        if (!n.isObject() || !n.path("data").isArray()) {
            throw new CalibrationException(source + ": " + form);
        }
        if (n.has("rows") && n.get("rows").asInt(-1) != rows || n.has("cols") && n.get("cols").asInt(-1) != cols) {
            throw new CalibrationException(source + ": " + form + ", got rows: " + n.path("rows").asText()
                    + ", cols: " + n.path("cols").asText());
        }
        double[] v = numbers(n.get("data"), key, source);
        if (v.length != rows * cols) {
            throw new CalibrationException(source + ": " + form + ", got " + v.length + " numbers");
        }
        return v;
    }

    /** distortion_coefficients: {rows: 1, cols: N, data: [N numbers]}, any N. */
    private static double[] vector(JsonNode parent, String key, String source) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull() || !n.isObject() || !n.path("data").isArray()) {
            throw new CalibrationException(source + ": missing or malformed '" + key
                    + "'; expected {rows: 1, cols: N, data: [N numbers]}");
        }
        double[] v = numbers(n.get("data"), key, source);
        if (n.has("cols") && n.get("cols").asInt(-1) * n.path("rows").asInt(1) != v.length) {
            throw new CalibrationException(source + ": " + key + " declares rows x cols = " + n.path("rows").asText("1")
                    + " x " + n.get("cols").asText() + " but data has " + v.length + " numbers");
        }
        return v;
    }

    private static double[] numbers(JsonNode array, String key, String source) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode e = array.get(i);
            if (!e.isNumber() || !Double.isFinite(e.doubleValue())) {
                throw new CalibrationException(source + ": " + key + ".data[" + i + "] must be a finite number, got '"
                        + e.asText() + "'");
            }
            v[i] = e.doubleValue();
        }
        return v;
    }

    private static void appendMatrix(StringBuilder s, String key, int rows, int cols, double[] data) {
        s.append(key).append(":\n  rows: ").append(rows).append("\n  cols: ").append(cols).append("\n  data: [");
        for (int i = 0; i < data.length; i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(number(data[i]));
        }
        s.append("]\n");
    }

    /**
     * Shortest text that reads back to the same double, in a form YAML 1.1 parsers (PyYAML,
     * used by ROS tools) also take as a float: they need a sign on the exponent.
     */
    static String number(double v) {
        String t = Double.toString(v == 0 ? 0.0 : v); // no "-0.0"
        int e = t.indexOf('E');
        if (e >= 0 && t.charAt(e + 1) != '-') {
            t = t.substring(0, e + 1) + '+' + t.substring(e + 1);
        }
        return t;
    }
}
