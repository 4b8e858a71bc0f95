package dev.trident.trainer.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraPose;
import dev.trident.calibration.PinholeCamera;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorldRendererTest {
    private static final int W = 320;
    private static final int H = 192;
    private static final CameraIntrinsics CAMERA = SceneGenerator.defaultCamera(W, H);

    private static Scene scene(Road road, List<WorldObject> objects, CameraPose mount, EgoPose ego) {
        return new Scene(road, objects, Conditions.clearNoon(), CAMERA, mount, ego, 0, 42);
    }

    @Test
    void groundDepthMatchesTheAnalyticDepthFromCameraHeightAndPitch() {
        CameraPose[] mounts = {CameraPose.of(1.5, Math.toRadians(3)),
            new CameraPose(0, 0, 1.38, Math.toRadians(2.2), Math.toRadians(0.5), 0)};
        Road[] roads = {Road.straight(2, 3.5), new Road(1 / 150.0, 4, 2, 3.5, 3, 0.15, 3, 9, true, new double[] {12},
                false)};
        for (CameraPose mount : mounts) {
            for (Road road : roads) {
                RenderedFrame f = new RenderedFrame(W, H);
                new WorldRenderer(CAMERA, f).render(scene(road, List.of(), mount, new EgoPose(0, -1.75, 0.01)), new EgoPose(0,
                        -1.75, 0.01), 1);
                PinholeCamera cam = new PinholeCamera(CAMERA, mount);
                int checked = 0;
                double worst = 0;
                for (int v = 0; v < H; v++) {
                    for (int u = 0; u < W; u++) {
                        int i = v * W + u;
                        byte c = f.semantic()[i];
                        if (c == WorldClasses.ROAD || c == WorldClasses.LANE_MARKING) {
                            double expected = cam.groundDepth(u, v);
                            worst = Math.max(worst, Math.abs(f.depth()[i] - expected) / expected);
                            checked++;
                        }
                    }
                }
                assertThat(checked).as("road pixels").isGreaterThan(W * H / 8);
                assertThat(worst).as("relative depth error").isLessThanOrEqualTo(0.005);
                // the sky is above the horizon and carries no depth
                assertThat(f.semantic()[W / 2]).isEqualTo(WorldClasses.SKY);
                assertThat(f.depth()[W / 2]).isInfinite();
            }
        }
    }

    @Test
    void aCarsPixelsCarryItsClassAndADepthConsistentWithItsPosition() {
        CameraPose mount = CameraPose.of(1.5, Math.toRadians(3));
        Mesh car = ObjectModels.car(new Rng(5));
        float[] e = car.extent();
        double cx = 15;
        WorldObject o = new WorldObject(car, ObjectKind.CAR, 0, cx, -0.3, 0, 0);
        RenderedFrame f = new RenderedFrame(W, H);
        EgoPose ego = new EgoPose(0, 0, 0);
        new WorldRenderer(CAMERA, f).render(scene(Road.straight(2, 3.5), List.of(o), mount, ego), ego, 3);

        assertThat(f.objects()).hasSize(1);
        ObjectLabel label = f.objects().get(0);
        assertThat(label.kind()).isEqualTo(ObjectKind.CAR);
        assertThat(label.x()).isCloseTo(cx + (e[0] + e[3]) / 2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(label.occlusion()).isLessThan(0.01);
        assertThat(label.truncation()).isZero();
        PinholeCamera cam = new PinholeCamera(CAMERA, mount);
        double[] p = new double[3];
        double rear = cx + e[0];
        int pixels = 0;
        int onRearFace = 0;
        for (int v = 0; v < H; v++) {
            for (int u = 0; u < W; u++) {
                int i = v * W + u;
                if (f.instance()[i] != o.id() + 1) {
                    continue;
                }
                pixels++;
                assertThat(f.semantic()[i]).isEqualTo(WorldClasses.CAR);
                // back-project the pixel at its depth: the point must lie on the car
                double z = f.depth()[i];
                cam.cameraToVehicle((u - CAMERA.cx()) / CAMERA.fx() * z, (v - CAMERA.cy()) / CAMERA.fy() * z, z, p);
                assertThat(p[0]).isBetween(rear - 0.05, cx + e[3] + 0.05);
                assertThat(p[1]).isBetween(-0.3 + e[1] - 0.05, -0.3 + e[4] + 0.05);
                assertThat(p[2]).isBetween(-0.01, e[5] + 0.01);
                if (Math.abs(p[0] - rear) < 0.05) {
                    onRearFace++;
                }
            }
        }
        assertThat(pixels).isEqualTo(label.visiblePixels()).isGreaterThan(300);
        assertThat(onRearFace).as("most of a car seen from behind is its rear").isGreaterThan(pixels / 3);
    }

    @Test
    void boxesEncloseExactlyTheVisiblePixelsOfTheirObject() {
        SceneGenerator gen = new SceneGenerator(CAMERA);
        RenderedFrame f = new RenderedFrame(W, H);
        WorldRenderer r = new WorldRenderer(CAMERA, f);
        int labels = 0;
        for (long seed = 0; seed < 6; seed++) {
            Scene s = gen.still(seed);
            r.render(s, s.ego(), seed);
            for (ObjectLabel l : f.objects()) {
                int minX = Integer.MAX_VALUE;
                int minY = Integer.MAX_VALUE;
                int maxX = -1;
                int maxY = -1;
                int count = 0;
                for (int v = 0; v < H; v++) {
                    for (int u = 0; u < W; u++) {
                        int i = v * W + u;
                        if (f.instance()[i] == l.id() + 1) {
                            count++;
                            minX = Math.min(minX, u);
                            maxX = Math.max(maxX, u);
                            minY = Math.min(minY, v);
                            maxY = Math.max(maxY, v);
                            assertThat(f.semantic()[i]).isEqualTo(l.kind().segmentationId());
                        }
                    }
                }
                assertThat(count).isEqualTo(l.visiblePixels()).isGreaterThanOrEqualTo(WorldRenderer.MIN_VISIBLE_PIXELS);
                assertThat(new int[] {l.x1(), l.y1(), l.x2(), l.y2()}).containsExactly(minX, minY, maxX + 1, maxY + 1);
                assertThat(l.occlusion()).isBetween(0.0, 1.0);
                assertThat(l.truncation()).isBetween(0.0, 1.0);
                labels++;
            }
        }
        assertThat(labels).isGreaterThan(10);
    }

    @Test
    void aCarBehindAnotherIsReportedOccludedAndAnObjectAtTheEdgeTruncated() {
        CameraPose mount = CameraPose.of(1.5, Math.toRadians(3));
        WorldObject front = new WorldObject(ObjectModels.car(new Rng(1)), ObjectKind.CAR, 0, 12, 0, 0, 0);
        WorldObject behind = new WorldObject(ObjectModels.car(new Rng(2)), ObjectKind.CAR, 1, 20, 1.3, 0, 0);
        WorldObject edge = new WorldObject(ObjectModels.car(new Rng(3)), ObjectKind.CAR, 2, 6, 6.5, 0, 0);
        List<WorldObject> objects = new ArrayList<>(List.of(front, behind, edge));
        RenderedFrame f = new RenderedFrame(W, H);
        EgoPose ego = new EgoPose(0, 0, 0);
        new WorldRenderer(CAMERA, f).render(scene(Road.straight(4, 3.5), objects, mount, ego), ego, 1);
        ObjectLabel lf = find(f, 0);
        ObjectLabel lb = find(f, 1);
        ObjectLabel le = find(f, 2);
        assertThat(lf.occlusion()).isLessThan(0.01);
        assertThat(lb.occlusion()).isBetween(0.3, 0.99);
        assertThat(le.truncation()).isGreaterThan(0.05);
        assertThat(le.x1()).isZero();
    }

    private static ObjectLabel find(RenderedFrame f, int id) {
        return f.objects().stream().filter(l -> l.id() == id).findFirst().orElseThrow();
    }

    @Test
    void sameSceneAndSeedRenderIdenticalPixels() {
        SceneGenerator gen = new SceneGenerator(CAMERA);
        RenderedFrame a = new RenderedFrame(W, H);
        RenderedFrame b = new RenderedFrame(W, H);
        Scene s1 = gen.still(99);
        Scene s2 = gen.still(99);
        new WorldRenderer(CAMERA, a).render(s1, s1.ego(), 5);
        new WorldRenderer(CAMERA, b).render(s2, s2.ego(), 5);
        assertThat(a.rgb()).isEqualTo(b.rgb());
        assertThat(a.semantic()).isEqualTo(b.semantic());
        assertThat(a.depth()).isEqualTo(b.depth());
        assertThat(a.objects()).isEqualTo(b.objects());
        Scene s3 = gen.still(100);
        new WorldRenderer(CAMERA, b).render(s3, s3.ego(), 5);
        assertThat(a.rgb()).isNotEqualTo(b.rgb());
    }

    @Test
    void fastAtan2IsAccurate() {
        Rng rng = new Rng(3);
        for (int i = 0; i < 100_000; i++) {
            double y = rng.range(-100, 100);
            double x = rng.range(-100, 100);
            assertThat(FastMath.atan2(y, x)).isCloseTo(Math.atan2(y, x), org.assertj.core.data.Offset.offset(2e-5));
        }
    }

    @Test
    void roadCoordinatesRoundTripOnACurve() {
        Road road = new Road(-1 / 200.0, 3, 2, 3.5, 3, 0.15, 3, 9, false, new double[0], true);
        double[] w = new double[3];
        double[] sd = new double[2];
        for (double s = -50; s < 300; s += 17) {
            for (double d = -12; d <= 12; d += 3) {
                road.toWorld(s, d, w);
                road.toRoad(w[0], w[1], sd);
                assertThat(sd[0]).isCloseTo(s, org.assertj.core.data.Offset.offset(1e-3));
                assertThat(sd[1]).isCloseTo(d, org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }
}
