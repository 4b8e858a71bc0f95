package dev.trident.runtime.source;

import dev.trident.runtime.TridentException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Opens a {@link FrameSource} from a spec string. Stateless; thread-safe.
 *
 * <ul>
 *   <li>a folder: its image files ({@value #IMAGE_EXTENSIONS_TEXT}) in name order, other files ignored</li>
 *   <li>a glob such as {@code frames/*.jpg} or {@code run/**}{@code /*.png}: matching image files in path order</li>
 *   <li>a single image file: one image (repeats when looping)</li>
 *   <li>a video file: {@code .avi} through OpenCV's MJPEG reader (other AVI codecs fall back to FFmpeg);
 *       {@code .mp4 .mkv .mov .m4v .webm .ts .h264 .264 .h265 .265 .hevc} through FFmpeg</li>
 *   <li>{@code /dev/videoN} or {@code /dev/v4l/...}: a V4L2 camera through OpenCV</li>
 *   <li>{@code rtsp://}, {@code rtsps://}, {@code rtsp+tcp://} (RTSP forced over TCP), {@code http://},
 *       {@code https://}, {@code udp://}: a network stream through FFmpeg</li>
 * </ul>
 *
 * Files are opened here, so a missing, unreadable or undecodable file throws
 * {@link TridentException} at once; live sources connect on their first read and retry from then on.
 */
public final class FrameSources {
    static final String IMAGE_EXTENSIONS_TEXT = ".jpg .jpeg .png .bmp .tif .tiff .webp .ppm .pgm .pnm";
    private static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "jpe", "png", "bmp", "tif", "tiff", "webp", "ppm", "pgm", "pnm");
    private static final Set<String> FFMPEG_FILE_EXTENSIONS =
            Set.of("mp4", "mkv", "mov", "m4v", "webm", "ts", "h264", "264", "h265", "265", "hevc");
    private static final List<String> NETWORK_SCHEMES =
            List.of("rtsp://", "rtsps://", "rtsp+tcp://", "http://", "https://", "udp://");
    private static final String ACCEPTED = "expected an image folder, a glob like dir/*.jpg, an image, a video file "
            + "(.avi .mp4 .mkv .mov .m4v .webm .ts .h264 .h265), /dev/videoN, or an rtsp://, rtsp+tcp://, http(s):// or udp:// URL";
    private static final double DEFAULT_IMAGE_FPS = 30;
    private static final double DEFAULT_VIDEO_FPS = 30;

    private FrameSources() {
    }

    /**
     * Opens the source {@code spec} names.
     *
     * @throws TridentException if the spec names nothing usable (missing path, unknown file type or
     *                          scheme, folder without images, undecodable file), in one line naming the
     *                          spec and the accepted kinds
     */
    public static FrameSource open(String spec, SourceOptions options) {
        if (options == null) {
            options = SourceOptions.defaults();
        }
        if (spec == null || spec.isBlank()) {
            throw new TridentException("frame source is empty; " + ACCEPTED);
        }
        dev.trident.runtime.image.OpenCvNatives.load(); // every source writes into OpenCV Mats
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (NETWORK_SCHEMES.stream().anyMatch(lower::startsWith)) {
            return openNetwork(s, lower, options);
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw new TridentException("unsupported frame source scheme in " + s + "; " + ACCEPTED);
        }
        if (s.startsWith("/dev/video") || s.startsWith("/dev/v4l/")) {
            return openCamera(s, options);
        }
        if (hasWildcard(s)) {
            return openImages(s, globImages(s), options);
        }
        Path path = Path.of(s);
        if (!Files.exists(path)) {
            throw new TridentException("frame source not found: " + s + "; " + ACCEPTED);
        }
        if (!Files.isReadable(path)) {
            throw new TridentException("frame source " + s + " is not readable (check its permissions)");
        }
        if (Files.isDirectory(path)) {
            return openImages(s, folderImages(path), options);
        }
        String ext = extension(path);
        if (IMAGE_EXTENSIONS.contains(ext)) {
            return openImages(s, List.of(path), options);
        }
        if (ext.equals("avi")) {
            return openAvi(s, options);
        }
        if (FFMPEG_FILE_EXTENSIONS.contains(ext)) {
            return openFfmpegFile(s, options);
        }
        throw new TridentException("unsupported frame source file type '." + ext + "': " + s + "; " + ACCEPTED);
    }

    private static FrameSource openImages(String spec, List<Path> files, SourceOptions options) {
        if (files.isEmpty()) {
            throw new TridentException("no image files (" + IMAGE_EXTENSIONS_TEXT + ") in frame source " + spec);
        }
        return new FileSource(new SourceInfo(spec, "", SourceKind.IMAGES, false, 0, 0, 0), options, DEFAULT_IMAGE_FPS,
                (counters, closed) -> new ImageFolderReader(files, counters));
    }

    private static FrameSource openAvi(String spec, SourceOptions options) {
        try {
            return new FileSource(videoInfo(spec), options, DEFAULT_VIDEO_FPS,
                    (counters, closed) -> OpenCvCaptureReader.openFile(spec, counters));
        } catch (TridentException notMjpg) {
            // not MJPG (OpenCV's own reader handles only that): FFmpeg reads every other AVI codec
            return openFfmpegFile(spec, options);
        }
    }

    private static FrameSource openFfmpegFile(String spec, SourceOptions options) {
        return new FileSource(videoInfo(spec), options, DEFAULT_VIDEO_FPS,
                (counters, closed) -> FfmpegReader.open(spec, false, false, options.openTimeout(), closed, counters));
    }

    private static FrameSource openCamera(String device, SourceOptions options) {
        SourceInfo info = new SourceInfo(device, "V4L2 camera via OpenCV", SourceKind.CAMERA, true, 0, 0, 0);
        return new LiveSource(info, options, (counters, closed) -> OpenCvCaptureReader.openCamera(device, options.fps(), counters));
    }

    private static FrameSource openNetwork(String spec, String lower, SourceOptions options) {
        boolean tcp = lower.startsWith("rtsp+tcp://");
        String url = tcp ? "rtsp://" + spec.substring("rtsp+tcp://".length()) : spec;
        SourceInfo info = new SourceInfo(spec, "network stream via FFmpeg", SourceKind.NETWORK, true, 0, 0, 0);
        return new LiveSource(info, options,
                (counters, closed) -> FfmpegReader.open(url, true, tcp, options.openTimeout(), closed, counters));
    }

    private static SourceInfo videoInfo(String spec) {
        return new SourceInfo(spec, "", SourceKind.VIDEO_FILE, false, 0, 0, 0);
    }

    /** Image files directly in {@code dir}, in name order; other files and subfolders are ignored. */
    private static List<Path> folderImages(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).filter(p -> IMAGE_EXTENSIONS.contains(extension(p))).sorted().toList();
        } catch (IOException e) {
            throw new TridentException("cannot list frame source folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Image files matching a glob, in path order; the walk starts at the glob's wildcard-free folder prefix. */
    private static List<Path> globImages(String glob) {
        String[] parts = glob.split("/", -1);
        int firstWild = 0;
        while (firstWild < parts.length - 1 && !hasWildcard(parts[firstWild])) {
            firstWild++;
        }
        String prefix = String.join("/", Arrays.copyOfRange(parts, 0, firstWild));
        Path root = prefix.isEmpty() ? Path.of(glob.startsWith("/") ? "/" : ".") : Path.of(prefix);
        if (!Files.isDirectory(root)) {
            throw new TridentException("frame source folder " + root + " of glob " + glob + " does not exist");
        }
        String rest = String.join("/", Arrays.copyOfRange(parts, firstWild, parts.length));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : parts.length - firstWild;
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(root.relativize(p)))
                    .filter(p -> IMAGE_EXTENSIONS.contains(extension(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new TridentException("cannot list frame source glob " + glob + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasWildcard(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
