package dev.trident.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.Distortion;
import dev.trident.calibration.ObjectLocator;
import dev.trident.trainer.world.ObjectLabel;
import dev.trident.trainer.world.RenderedFrame;
import dev.trident.trainer.world.Scene;
import dev.trident.trainer.world.SceneGenerator;
import dev.trident.trainer.world.WorldRenderer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Object distances from flat-ground geometry against the synthetic world's truth: vehicles
 * rendered through a calibrated camera, located from their rendered 2-D boxes alone (no depth
 * head), must come out within 2% of the true depth of their ground contact (the wheels' contact
 * points: the lowest visible pixels of the object) from 5 to 50 m. Flat ground measures the
 * contact point, not the bumper, which overhangs it by about a metre; the depth head sees the face.
 */
class FlatGroundDistanceTest {

    @Test
    void flatGroundDistanceMatchesTheWorldWithin2PercentFrom5To50m() {
        // a 50° lens at 1280×720 (f ≈ 1372 px): at 50 m the contact row is ~40 px below the horizon,
        // so the half-pixel quantisation of a rendered box edge stays near 1%
        CameraIntrinsics k = CameraIntrinsics.fromHorizontalFov(1280, 720, 50);
        SceneGenerator generator = new SceneGenerator(k);
        RenderedFrame frame = new RenderedFrame(k.width(), k.height());
        WorldRenderer renderer = new WorldRenderer(k, frame);
        List<String> checked = new ArrayList<>();
        double worst = 0;
        for (long seed = 1; seed <= 12; seed++) {
            Scene scene = generator.still(seed);
            renderer.render(scene, scene.ego(), seed);
            ObjectLocator locator = new ObjectLocator(new CameraModel("world", k, Distortion.NONE, scene.mount()));
            for (ObjectLabel o : frame.objects()) {
                boolean usable = o.kind().isVehicle() && o.occlusion() < 0.05 && o.truncation() == 0 && o.y2() < k.height();
                if (!usable) {
                    continue;
                }
                // truth: the rendered depth of the object's lowest visible pixels (its ground contact)
                double truth = contactDepth(frame, o);
                if (!(truth >= 5 && truth <= 50)) {
                    continue;
                }
                ObjectLocator.Location l = locator.locate(o.x1(), o.y1(), o.x2(), o.y2(), Double.NaN);
                assertThat(l.source()).isEqualTo(ObjectLocator.Source.GROUND);
                double error = Math.abs(l.depth() - truth) / truth;
                worst = Math.max(worst, error);
                checked.add(String.format(java.util.Locale.ROOT, "seed %d %s at %.1f m: %.2f%%", seed, o.kind(), truth, 100 * error));
                assertThat(error).as("seed %d %s: contact at %.2f m, located at %.2f m", seed, o.kind(), truth, l.depth())
                        .isLessThan(0.02);
            }
        }
        assertThat(checked).as("vehicles checked").hasSizeGreaterThanOrEqualTo(10);
        System.out.printf("flat-ground distance: %d vehicles 5-50 m, worst error %.2f%%%n", checked.size(), 100 * worst);
    }

    /** Median rendered depth of the object's pixels in its bottom row (camera Z of the contact points). */
    private static double contactDepth(RenderedFrame frame, ObjectLabel o) {
        int row = o.y2() - 1;
        List<Float> depths = new ArrayList<>();
        for (int x = o.x1(); x < o.x2(); x++) {
            int i = row * frame.width() + x;
            if (frame.instance()[i] == o.id() + 1) {
                depths.add(frame.depth()[i]);
            }
        }
        if (depths.isEmpty()) {
            return Double.NaN;
        }
        depths.sort(null);
        return depths.get(depths.size() / 2);
    }
}
