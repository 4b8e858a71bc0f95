package dev.trident.trainer.world;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraPose;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates random but plausible street scenes from a seed: a straight or curved road with 1–4
 * lanes, curbs, sidewalks, buildings or trees, street furniture, vehicles in their lanes,
 * pedestrians, cyclists, signs and traffic lights, under random conditions.
 *
 * <p>Immutable; thread-safe (each call uses its own {@link Rng}). The same seed gives the same
 * scene.
 */
public final class SceneGenerator {
    /** How far behind the ego (s &lt; 0) the world is populated, metres. */
    private static final double BEHIND = 40;
    /** How far ahead of the ego a still scene is populated, metres. */
    private static final double AHEAD = 170;

    private enum Setting { URBAN, SUBURBAN, RURAL }

    private final CameraIntrinsics intrinsics;

    public SceneGenerator(CameraIntrinsics intrinsics) {
        this.intrinsics = intrinsics;
    }

    /** The default camera: {@code width×height}, 90° horizontal field of view, principal point centred. */
    public static CameraIntrinsics defaultCamera(int width, int height) {
        return CameraIntrinsics.fromHorizontalFov(width, height, 90);
    }

    /** A scene for one still frame, the ego at the start of the road. */
    public Scene still(long seed) {
        return generate(seed, AHEAD, false);
    }

    /** A scene for a drive: the world is populated {@code length} metres (plus margin) ahead. */
    public Scene forDrive(long seed, double length) {
        return generate(seed, length + AHEAD, true);
    }

    private Scene generate(long seed, double ahead, boolean drive) {
        Rng rng = new Rng(seed);
        Setting setting = Setting.values()[rng.nextInt(3)];
        Road road = road(rng, setting, ahead, drive);
        int egoLane = rng.nextInt(road.forwardLanes());
        double[] p = new double[3];
        double egoD = road.laneCentre(egoLane) + rng.range(-0.25, 0.25);
        road.toWorld(0, egoD, p);
        EgoPose ego = new EgoPose(p[0], p[1], p[2] + Math.toRadians(rng.range(-1.5, 1.5)));
        CameraPose mount = new CameraPose(0, 0, rng.range(1.35, 1.65), Math.toRadians(rng.range(2.0, 4.0)),
                Math.toRadians(rng.range(-0.6, 0.6)), 0);
        Conditions conditions = Conditions.random(rng);
        Populator pop = new Populator(rng, road, -BEHIND, ahead);
        pop.curbs();
        switch (setting) {
            case URBAN -> {
                pop.buildings(0.0, 1.5, 4, 0, 8, 30);
                pop.trees(0.3, true);
                pop.skyline();
            }
            case SUBURBAN -> {
                pop.buildings(4, 12, 6, 20, 5, 10);
                pop.trees(0.8, false);
            }
            case RURAL -> {
                pop.trees(1.0, false);
                pop.farBuildings();
            }
            default -> throw new IllegalStateException();
        }
        pop.lamps();
        pop.signs();
        pop.trafficLights();
        pop.vehicles(egoLane, setting == Setting.URBAN ? 0.85 : 0.65);
        pop.pedestrians(setting == Setting.RURAL ? 3 : 12);
        pop.cyclists();
        return new Scene(road, pop.objects, conditions, intrinsics, mount, ego, egoLane, seed);
    }

    private static Road road(Rng rng, Setting setting, double ahead, boolean drive) {
        double u = rng.uniform();
        int lanes = u < 0.1 ? 1 : u < 0.5 ? 2 : u < 0.7 ? 3 : 4;
        int forward = switch (lanes) {
            case 1 -> 1;
            case 2 -> rng.chance(0.15) ? 2 : 1;
            case 3 -> rng.chance(0.2) ? 3 : 2;
            default -> rng.chance(0.15) ? 4 : 2;
        };
        double curvature = 0;
        if (rng.chance(0.5)) {
            double radius = drive ? rng.range(250, 900) : rng.range(120, 700);
            curvature = (rng.chance(0.5) ? 1 : -1) / radius;
        }
        boolean longDashes = rng.chance(0.4);
        int crosswalkCount = setting == Setting.RURAL ? (rng.chance(0.3) ? 1 : 0) : rng.rangeInt(0, 2);
        List<Double> crosswalks = new ArrayList<>();
        double s = rng.range(10, 50);
        double limit = drive ? ahead - 60 : 100;
        while (s < limit && (drive || crosswalks.size() < crosswalkCount)) {
            if (drive || crosswalkCount > 0) {
                crosswalks.add(s);
            }
            s += drive ? rng.range(80, 220) : rng.range(30, 60);
            if (drive && crosswalkCount == 0) {
                break;
            }
        }
        double[] cw = crosswalks.stream().mapToDouble(Double::doubleValue).toArray();
        return new Road(curvature, lanes, forward, rng.range(3.0, 3.7),
                setting == Setting.URBAN ? rng.range(2.5, 4.5) : rng.range(1.6, 3.0), rng.range(0.12, 0.18),
                longDashes ? 4.5 : 3.0, longDashes ? 12 : 9, rng.chance(0.4), cw, setting != Setting.URBAN);
    }

    /** Places objects along a road; ids of countable objects are assigned in order from 0. */
    private static final class Populator {
        final Rng rng;
        final Road road;
        final double s0;
        final double s1;
        final double hw;
        final List<WorldObject> objects = new ArrayList<>();
        final double[] p = new double[3];
        int nextId;

        Populator(Rng rng, Road road, double s0, double s1) {
            this.rng = rng;
            this.road = road;
            this.s0 = s0;
            this.s1 = s1;
            this.hw = road.halfWidth();
        }

        void add(Mesh mesh, ObjectKind kind, double s, double d, double z, double yawOffset) {
            road.toWorld(s, d, p);
            int id = kind == null ? -1 : nextId++;
            objects.add(new WorldObject(mesh, kind, id, p[0], p[1], z, p[2] + yawOffset));
        }

        void curbs() {
            double chunk = 20;
            double step = road.curvature() == 0 ? chunk : 2;
            int colour = 0xb4b4ae;
            for (double s = s0; s < s1 + 60; s += chunk) {
                road.toWorld(s, 0, p);
                double ox = p[0];
                double oy = p[1];
                MeshBuilder b = new MeshBuilder().part(WorldClasses.SIDEWALK, false);
                for (int side = -1; side <= 1; side += 2) {
                    double d = side * hw;
                    for (double a = s; a < s + chunk - 1e-9; a += step) {
                        double[][] quad = new double[4][];
                        road.toWorld(a, d, p);
                        quad[0] = new double[] {p[0] - ox, p[1] - oy, 0};
                        quad[3] = new double[] {p[0] - ox, p[1] - oy, road.curbHeight()};
                        road.toWorld(a + step, d, p);
                        quad[1] = new double[] {p[0] - ox, p[1] - oy, 0};
                        quad[2] = new double[] {p[0] - ox, p[1] - oy, road.curbHeight()};
                        road.toWorld(a + step / 2, d + side, p);
                        b.polygon(quad, colour, 0, p[0] - ox, p[1] - oy, road.curbHeight() / 2);
                    }
                }
                objects.add(new WorldObject(b.build(), null, -1, ox, oy, 0, 0));
            }
        }

        /** Rows of buildings on both sides. */
        void buildings(double setbackMin, double setbackMax, double gapMax, double gapMin, double hMin, double hMax) {
            for (int side = -1; side <= 1; side += 2) {
                double s = s0 + rng.range(0, 10);
                while (s < s1) {
                    double len = rng.range(8, 26);
                    double depth = rng.range(8, 16);
                    double height = rng.range(hMin, hMax);
                    double d = side * (hw + road.sidewalkWidth() + rng.range(setbackMin, setbackMax) + depth / 2);
                    if (!rng.chance(0.1)) {
                        add(ObjectModels.building(rng, len, depth, height), null, s + len / 2, d, road.curbHeight(),
                                side < 0 ? Math.PI : 0);
                    }
                    s += len + rng.range(Math.min(gapMin, gapMax), Math.max(gapMin, gapMax));
                }
            }
        }

        void skyline() {
            for (int side = -1; side <= 1; side += 2) {
                for (double s = s0; s < s1 + 100; s += rng.range(15, 35)) {
                    double depth = rng.range(15, 30);
                    add(ObjectModels.building(rng, rng.range(15, 35), depth, rng.range(15, 45)), null, s,
                            side * (hw + rng.range(35, 70)), 0, side < 0 ? Math.PI : 0);
                }
            }
        }

        void farBuildings() {
            for (double s = s0; s < s1; s += rng.range(30, 90)) {
                int side = rng.chance(0.5) ? 1 : -1;
                double depth = rng.range(8, 12);
                add(ObjectModels.building(rng, rng.range(8, 16), depth, rng.range(4, 8)), null, s,
                        side * (hw + road.sidewalkWidth() + rng.range(12, 40)), road.curbHeight(),
                        side < 0 ? Math.PI : 0);
            }
        }

        void trees(double density, boolean onSidewalk) {
            for (int side = -1; side <= 1; side += 2) {
                double s = s0 + rng.range(0, 8);
                while (s < s1) {
                    if (rng.chance(density)) {
                        double d = onSidewalk ? hw + road.sidewalkWidth() - 0.7
                                : hw + road.sidewalkWidth() + rng.range(1.0, 5.0);
                        add(ObjectModels.tree(rng), null, s, side * d, road.curbHeight(), rng.range(0, Math.PI));
                        if (!onSidewalk && rng.chance(0.5)) {
                            add(ObjectModels.tree(rng), null, s + rng.range(-3, 3),
                                    side * (d + rng.range(4, 15)), road.curbHeight(), rng.range(0, Math.PI));
                        }
                        if (!onSidewalk && rng.chance(0.2)) {
                            add(ObjectModels.hedge(rng, rng.range(3, 8), 1.0, rng.range(0.8, 1.6)), null,
                                    s + 4, side * (d - 0.3), road.curbHeight(), 0);
                        }
                    }
                    s += rng.range(7, 16);
                }
            }
        }

        void lamps() {
            boolean both = rng.chance(0.5);
            double spacing = rng.range(25, 40);
            for (double s = s0 + rng.range(0, spacing); s < s1; s += spacing) {
                add(ObjectModels.streetLamp(rng, 1.8), null, s, -(hw + 0.5), road.curbHeight(), 0);
                if (both) {
                    add(ObjectModels.streetLamp(rng, 1.8), null, s + spacing / 2, hw + 0.5, road.curbHeight(), Math.PI);
                }
            }
        }

        void signs() {
            ObjectModels.SignType[] types = ObjectModels.SignType.values();
            for (double s = s0 + rng.range(5, 30); s < s1; s += rng.range(18, 55)) {
                ObjectModels.SignType type = types[rng.nextInt(types.length)];
                if (rng.chance(0.75)) {
                    add(ObjectModels.trafficSign(rng, type), ObjectKind.TRAFFIC_SIGN, s, -(hw + 0.6),
                            road.curbHeight(), rng.range(-0.15, 0.15));
                } else {
                    add(ObjectModels.trafficSign(rng, type), ObjectKind.TRAFFIC_SIGN, s, hw + 0.6,
                            road.curbHeight(), rng.chance(0.5) ? Math.PI : rng.range(-0.15, 0.15));
                }
            }
        }

        void trafficLights() {
            for (double cs : road.crosswalks()) {
                int lit = rng.nextInt(3);
                double arm = rng.chance(0.5) ? Math.min(hw + 0.5, 7.0) : 0;
                add(ObjectModels.trafficLight(rng, arm, lit), ObjectKind.TRAFFIC_LIGHT, cs - 1.5, -(hw + 0.6),
                        road.curbHeight(), 0);
                if (rng.chance(0.6)) {
                    add(ObjectModels.trafficLight(rng, 0, lit), ObjectKind.TRAFFIC_LIGHT, cs - 1.5, hw + 0.6,
                            road.curbHeight(), 0);
                }
                add(ObjectModels.trafficLight(rng, 0, 2 - lit), ObjectKind.TRAFFIC_LIGHT,
                        cs + Road.CROSSWALK_LENGTH + 1.5, hw + 0.6, road.curbHeight(), Math.PI);
            }
        }

        void vehicles(int egoLane, double density) {
            for (int lane = 0; lane < road.lanes(); lane++) {
                boolean forward = road.isForwardLane(lane);
                double s = s0 + rng.range(0, 12);
                while (s < s1) {
                    double u = rng.uniform();
                    ObjectKind kind = u < 0.8 ? ObjectKind.CAR : u < 0.9 ? ObjectKind.TRUCK : ObjectKind.BUS;
                    Mesh mesh = switch (kind) {
                        case TRUCK -> ObjectModels.truck(rng);
                        case BUS -> ObjectModels.bus(rng);
                        default -> ObjectModels.car(rng);
                    };
                    double len = mesh.extent[3] - mesh.extent[0];
                    double centre = s + len / 2;
                    boolean besideEgo = centre - len / 2 < 5 && centre + len / 2 > -6;
                    // never in the ego's own space; rarely right beside it, where a side fills the view
                    boolean clearOfEgo = !besideEgo || (lane != egoLane && rng.chance(0.25));
                    if (clearOfEgo && rng.chance(density)) {
                        add(mesh, kind, centre, road.laneCentre(lane) + rng.range(-0.3, 0.3), 0,
                                (forward ? 0 : Math.PI) + rng.range(-0.03, 0.03));
                    }
                    s += len + rng.range(3, 24);
                }
            }
        }

        void pedestrians(int max) {
            int n = rng.rangeInt(0, max);
            for (int i = 0; i < n; i++) {
                int side = rng.chance(0.5) ? 1 : -1;
                double d = side * (hw + rng.range(0.5, Math.max(0.6, road.sidewalkWidth() - 0.3)));
                double yaw = rng.chance(0.5) ? 0 : Math.PI;
                add(ObjectModels.pedestrian(rng), ObjectKind.PEDESTRIAN, rng.range(2, Math.min(s1, 90)), d,
                        road.curbHeight(), yaw + rng.range(-0.3, 0.3));
            }
            for (double cs : road.crosswalks()) {
                int crossing = rng.rangeInt(0, 3);
                for (int i = 0; i < crossing; i++) {
                    add(ObjectModels.pedestrian(rng), ObjectKind.PEDESTRIAN, cs + rng.range(0.5, 3.5),
                            rng.range(-hw + 0.5, hw - 0.5), 0, (rng.chance(0.5) ? 1 : -1) * Math.PI / 2);
                }
            }
        }

        void cyclists() {
            int n = rng.rangeInt(0, 2);
            for (int i = 0; i < n; i++) {
                boolean forward = rng.chance(0.7) || road.forwardLanes() == road.lanes();
                double d = forward ? -(hw - 0.8) : hw - 0.8;
                add(ObjectModels.cyclist(rng), ObjectKind.CYCLIST, rng.range(6, 70), d, 0, forward ? 0 : Math.PI);
            }
        }
    }
}
