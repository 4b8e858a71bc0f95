package dev.trident.runtime.cli;

import dev.trident.runtime.Frame;
import dev.trident.runtime.engine.Engine;
import dev.trident.runtime.image.OverlayRenderer;
import dev.trident.runtime.result.Detection;
import dev.trident.runtime.result.PerceptionResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trident infer --model M --image F --out overlay.png}: one frame through the engine, drawn. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Run the model on one image; print the results and write an overlay (boxes, segmentation, depth).")
public final class InferCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = {"-i", "--image"}, required = true, description = "input image (JPEG, PNG, ...)")
    Path image;

    @Option(names = {"-o", "--out"}, description = "overlay PNG to write (default: no overlay)")
    Path out;

    @Override
    public Integer call() {
        PrintStream o = System.out;
        try (Engine engine = model.open(model.deviceConfig())) {
            engine.providerNotes().forEach(n -> o.println("note: " + n));
            Mat frame = Images.read(image);
            try {
                PerceptionResult r = engine.process(Frame.of(frame, 0));
                print(o, r);
                if (out != null) {
                    try (OverlayRenderer renderer = new OverlayRenderer()) {
                        Mat overlay = renderer.render(engine.lastModelFrame(), r);
                        try {
                            Images.write(out, overlay);
                        } finally {
                            overlay.release();
                        }
                    }
                    o.println("overlay written to " + out);
                }
            } finally {
                frame.release();
            }
        }
        return 0;
    }

    static void print(PrintStream o, PerceptionResult r) {
        var t = r.transform();
        o.printf(Locale.ROOT, "frame %dx%d -> input %dx%d (scale %.4f, pad %d,%d)%n", t.sourceWidth(), t.sourceHeight(),
                t.inputWidth(), t.inputHeight(), t.scaleX(), t.padX(), t.padY());
        o.printf(Locale.ROOT, "timings: preprocess %.2f ms, inference %.2f ms", r.preprocessNanos() / 1e6, r.inferenceNanos() / 1e6);
        for (var h : r.contract().heads()) {
            if (r.ran(h.name())) {
                o.printf(Locale.ROOT, ", %s decode %.2f ms", h.name(), r.decodeNanos(h.name()) / 1e6);
            }
        }
        o.println();
        for (var h : r.contract().heads()) {
            if (!r.ran(h.name())) {
                continue;
            }
            if (r.nonFinite(h.name()) > 0) {
                o.println("warning: head " + h.name() + " output " + r.nonFinite(h.name()) + " non-finite values (NaN/Inf)");
            }
            switch (h.task()) {
                case DETECTION -> {
                    var dets = r.detections(h.name());
                    var locs = r.locations(h.name());
                    o.println(h.name() + ": " + dets.size() + " detections");
                    for (int i = 0; i < dets.size(); i++) {
                        Detection d = dets.get(i);
                        o.printf(Locale.ROOT, "  %-12s %.2f  [%.1f, %.1f, %.1f, %.1f]", d.label(), d.score(), d.x1(), d.y1(), d.x2(),
                                d.y2());
                        if (i < locs.size() && locs.get(i).known()) {
                            var l = locs.get(i);
                            o.printf(Locale.ROOT, "  %.1f m (x %.1f, y %.1f; %s)", l.distance(), l.x(), l.y(), l.source());
                        }
                        o.println();
                    }
                }
                case SEGMENTATION -> r.segmentation(h.name()).ifPresent(s -> {
                    StringBuilder sb = new StringBuilder(h.name() + ":");
                    for (int c = 0; c < s.classes().size(); c++) {
                        sb.append(String.format(Locale.ROOT, " %s %.1f%%", s.classes().get(c), 100 * s.fraction(c)));
                    }
                    o.println(sb);
                });
                case DEPTH -> r.depth(h.name()).ifPresent(d -> {
                    var tr = r.transform();
                    float centre = d.depthAtSource(tr.sourceWidth() / 2.0, tr.sourceHeight() * 0.8);
                    o.printf(Locale.ROOT, "%s: %d valid cells of %d, depth at bottom-centre %.1f m%n", h.name(), d.validCount(),
                            d.width() * d.height(), centre);
                });
            }
        }
    }
}
