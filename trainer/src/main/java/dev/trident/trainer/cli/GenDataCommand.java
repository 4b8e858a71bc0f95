package dev.trident.trainer.cli;

import dev.trident.runtime.TridentException;
import dev.trident.trainer.data.ContactSheet;
import dev.trident.trainer.data.Dataset;
import dev.trident.trainer.data.DatasetSample;
import dev.trident.trainer.data.DatasetWriter;
import dev.trident.trainer.data.PartialLabels;
import dev.trident.trainer.world.DriveWriter;
import dev.trident.trainer.world.SyntheticDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code trident gen-data}: writes a synthetic dataset (random still frames) or, with
 * {@code --drive}, a 30 fps drive, and optionally a preview contact sheet.
 *
 * <p>Not thread-safe; one invocation per instance.
 */
@Command(name = "gen-data", mixinStandardHelpOptions = true,
        description = "Generate a labelled synthetic driving dataset (detection, segmentation, depth) "
                + "or, with --drive, a 30 fps drive (drive.avi + frames.jsonl + per-frame labels).")
public final class GenDataCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = 2;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
    private static final double FPS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (new or empty).")
    Path out;

    @Option(names = "--frames", paramLabel = "N", description = "Still frames to generate (default: 100).")
    Integer frames;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default: 0).")
    long seed;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "640x384", description = "Image size (default: 640x384).")
    String size;

    @Option(names = "--partial", paramLabel = "SPEC",
            description = "Label only a fraction of the images per task, e.g. detection=0.5,depth=0.3.")
    String partial;

    @Option(names = "--drive", description = "Write a temporally coherent drive at 30 fps instead of still frames.")
    boolean drive;

    @Option(names = "--seconds", paramLabel = "T", description = "Drive length in seconds (default: 20; needs --drive).")
    Double seconds;

    @Option(names = "--preview", paramLabel = "FILE", description = "Also write a contact sheet (PNG) of a few samples.")
    Path preview;

    @Option(names = "--preview-rows", paramLabel = "N", defaultValue = "6", description = "Rows in the preview (default: 6).")
    int previewRows;

    @Option(names = "--overwrite", description = "Replace an earlier gen-data output in --out.")
    boolean overwrite;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            int[] wh = parseSize(size);
            PartialLabels labels = partial == null ? PartialLabels.NONE : PartialLabels.parse(partial);
            if (drive && frames != null) {
                throw new IllegalArgumentException("--frames is for still datasets; a drive's length is --seconds");
            }
            if (!drive && seconds != null) {
                throw new IllegalArgumentException("--seconds needs --drive");
            }
            if (drive && partial != null) {
                throw new IllegalArgumentException("--partial applies to still datasets; drives are fully labelled");
            }
            if (previewRows < 1 || previewRows > 50) {
                throw new IllegalArgumentException("--preview-rows must be 1..50, got " + previewRows);
            }
            if (preview != null && !preview.toString().matches("(?i).*\\.(png|jpe?g)$")) {
                throw new IllegalArgumentException("--preview must name a .png or .jpg file, got " + preview);
            }
            double driveSeconds = seconds == null ? 20 : seconds;
            if (drive && (!(driveSeconds > 0) || driveSeconds > 3600)) {
                throw new IllegalArgumentException("--seconds must be in (0, 3600], got " + driveSeconds);
            }
            int n = drive ? (int) Math.round(driveSeconds * FPS) : frames == null ? 100 : frames;
            if (n < 1 || n > 10_000_000) {
                throw new IllegalArgumentException("--frames must be 1..10000000, got " + n);
            }
            // check the output folder before any work, so a bad path fails at once
            DatasetWriter.checkFolder(out, overwrite);
            long t0 = System.nanoTime();
            if (drive) {
                try (ProgressBar bar = bar("drive", n)) {
                    DriveWriter.generate(out, wh[0], wh[1], seed, driveSeconds, FPS, overwrite, stepTo(bar));
                }
            } else {
                try (ProgressBar bar = bar("gen-data", n)) {
                    SyntheticDataset.generate(out, wh[0], wh[1], n, seed, labels, overwrite, stepTo(bar));
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            PrintWriter o = spec.commandLine().getOut();
            o.printf("wrote %d frames to %s in %.1f s (%.1f frames/s)%n", n, out, secs, n / secs);
            if (preview != null) {
                Dataset ds = Dataset.open(out);
                List<DatasetSample> all = ds.samples();
                List<DatasetSample> pick = new ArrayList<>();
                int rows = Math.min(previewRows, all.size());
                for (int i = 0; i < rows; i++) {
                    pick.add(all.get((int) ((long) i * all.size() / rows)));
                }
                ContactSheet.write(ds, pick, preview, 320);
                o.printf("preview: %s%n", preview);
            }
            o.flush();
            return 0;
        } catch (IllegalArgumentException | TridentException e) {
            err.println("trident gen-data: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (RuntimeException e) {
            err.println("trident gen-data: failed: " + e + " (please report this with the command line)");
            err.flush();
            return 1;
        }
    }

    /** Parses {@code WxH}; both sides 16..8192. */
    static int[] parseSize(String s) {
        Matcher m = SIZE.matcher(s == null ? "" : s.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--size must look like 640x384, got '" + s + "'");
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        if (w < 16 || h < 16 || w > 8192 || h > 8192) {
            throw new IllegalArgumentException("--size " + w + "x" + h + " is out of range; width and height must be "
                    + "16..8192, e.g. 640x384");
        }
        return new int[] {w, h};
    }

    private ProgressBar bar(String task, int n) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(n).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" frames", 1).setUpdateIntervalMillis(500).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    private static IntConsumer stepTo(ProgressBar bar) {
        return bar::stepTo;
    }
}
