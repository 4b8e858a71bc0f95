package dev.trident.trainer.world;

import dev.trident.calibration.CameraIntrinsics;
import java.util.Locale;

/**
 * Prints the renderer's speed on one thread at 640×384 (or the size given as {@code WxH}):
 * frames/s for rendering prepared scenes (rasterisation, labels and effects), and for scene
 * generation plus rendering. Run:
 * {@code java -cp "trainer/target/trident-trainer.jar:trainer/target/lib/*" dev.trident.trainer.world.RendererBenchmark}.
 *
 * <p>Single-threaded by design; not a test.
 */
public final class RendererBenchmark {
    private RendererBenchmark() {
    }

    public static void main(String[] args) {
        int w = 640;
        int h = 384;
        if (args.length > 0) {
            String[] p = args[0].split("x");
            w = Integer.parseInt(p[0]);
            h = Integer.parseInt(p[1]);
        }
        int scenes = 50;
        int frames = 300;
        CameraIntrinsics camera = SceneGenerator.defaultCamera(w, h);
        SceneGenerator generator = new SceneGenerator(camera);
        Scene[] prepared = new Scene[scenes];
        for (int i = 0; i < scenes; i++) {
            prepared[i] = generator.still(SyntheticDataset.frameSeed(7, i));
        }
        RenderedFrame frame = new RenderedFrame(w, h);
        WorldRenderer renderer = new WorldRenderer(camera, frame);
        long sink = 0;
        for (int i = 0; i < 100; i++) { // warm-up for the JIT
            Scene s = prepared[i % scenes];
            sink += renderer.render(s, s.ego(), i).objects().size();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            Scene s = prepared[i % scenes];
            sink += renderer.render(s, s.ego(), i).objects().size();
        }
        double render = frames / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        int generated = 100;
        for (int i = 0; i < generated; i++) {
            Scene s = generator.still(SyntheticDataset.frameSeed(11, i));
            sink += renderer.render(s, s.ego(), i).objects().size();
        }
        double both = generated / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "renderer %dx%d, 1 thread: %.1f frames/s render only, %.1f frames/s "
                + "scene generation + render (target >= 20) [%d labels]%n", w, h, render, both, sink);
    }
}
