package dev.trident.trainer.world;

import static dev.trident.trainer.world.MeshBuilder.SKIP;

/**
 * Builds the low-poly meshes of everything in the world: vehicles with windows, wheels and
 * lights, people, cyclists, signs, traffic lights, poles, buildings and trees. Each mesh stands
 * in its local frame (x forward, y left, z up, origin on the ground at the centre).
 *
 * <p>Stateless apart from the {@link Rng} passed in; thread-safe when each thread has its own Rng.
 */
public final class ObjectModels {
    private static final int GLASS = 0x283440;
    private static final int TYRE = 0x1c1c1c;
    private static final int HUB = 0x8a8a8a;
    private static final int HEADLIGHT = 0xfff4d8;
    private static final int TAILLIGHT = 0xd01818;
    private static final int[] CAR_PAINT = {0xe8e8e8, 0x1a1a1a, 0x9a9ea4, 0x5a5f66, 0xa01e1e, 0x1e3c8c,
        0x2c5a34, 0xd8c8a0, 0x6e2a14, 0xf0f0f0, 0x303540, 0xc89a1e};
    private static final int[] TRUCK_BOX = {0xf2f2f2, 0xd9d9d9, 0x3060a0, 0xa02828, 0xe0b020, 0x707070};
    private static final int[] BUS_PAINT = {0xe8c020, 0xc02828, 0x2850a0, 0xf0f0f0, 0x30a050};
    private static final int[] CLOTHES = {0x202020, 0x2a3550, 0x703030, 0x4a6a30, 0xb0b0b0, 0x806040,
        0x5a2d6a, 0xd07020, 0x305a8a, 0xe0e0d0};
    private static final int[] SKIN = {0xf0c8a8, 0xd6a07a, 0xa87050, 0x6e4630, 0xe8b890};
    private static final int[] FACADE = {0xb8a890, 0xa05040, 0xd8d0c0, 0x8c8c8c, 0xc0b098, 0x705848,
        0xe0d8c8, 0x98a0a8, 0xc8a070, 0x6a6a70};

    private ObjectModels() {
    }

    static int scale(int rgb, double f) {
        int r = FastMath.clamp255((int) (((rgb >> 16) & 255) * f));
        int g = FastMath.clamp255((int) (((rgb >> 8) & 255) * f));
        int b = FastMath.clamp255((int) ((rgb & 255) * f));
        return (r << 16) | (g << 8) | b;
    }

    private static int vary(Rng rng, int rgb, double amount) {
        return scale(rgb, 1 + rng.range(-amount, amount));
    }

    /** A passenger car about 4.4 m long. */
    public static Mesh car(Rng rng) {
        double l = rng.range(3.9, 4.9);
        double w = rng.range(1.70, 1.90);
        double h = rng.range(1.38, 1.62);
        int paint = vary(rng, CAR_PAINT[rng.nextInt(CAR_PAINT.length)], 0.08);
        boolean suv = rng.chance(0.3);
        MeshBuilder b = new MeshBuilder().part(WorldClasses.CAR, true);
        double beltZ = suv ? 1.05 : 0.92;
        double floorZ = suv ? 0.38 : 0.28;
        // lower body, with a darker bumper band so front and back read as such
        b.box(-l / 2, -w / 2, floorZ, l / 2, w / 2, beltZ, paint, 0);
        b.box(-l / 2 - 0.03, -w / 2 + 0.02, floorZ, l / 2 + 0.03, w / 2 - 0.02, floorZ + 0.18,
                new int[] {0x202020, 0x202020, SKIP, SKIP, SKIP, SKIP}, 0);
        b.box(-l / 2 + 0.3, -w / 2 + 0.1, 0.12, l / 2 - 0.3, w / 2 - 0.1, floorZ,
                new int[] {0x151515, 0x151515, 0x151515, 0x151515, SKIP, SKIP}, 0);
        // cabin: sloped windscreens, glass sides, painted roof
        double rear = suv ? 0.25 : 0.55;
        double hood = suv ? 1.0 : 1.15;
        b.taperedBox(-l / 2 + rear, l / 2 - hood, -l / 2 + rear + (suv ? 0.1 : 0.35), l / 2 - hood - 0.55,
                -w / 2 + 0.06, w / 2 - 0.06, -w / 2 + 0.18, w / 2 - 0.18, beltZ, h,
                new int[] {GLASS, GLASS, GLASS, GLASS, paint, SKIP}, 0);
        // pillars between the side windows
        double mid = (-l / 2 + rear + l / 2 - hood) / 2 - 0.1;
        b.box(mid - 0.06, -w / 2 + 0.05, beltZ, mid + 0.06, w / 2 - 0.05, h - 0.04,
                new int[] {SKIP, SKIP, paint, paint, SKIP, SKIP}, 0);
        addWheels(b, l / 2 - 0.8, -(l / 2 - 0.8), w / 2, 0.32, Double.NaN);
        addLights(b, l, w, floorZ + 0.28, 0.12, 0.25);
        // number plates
        b.box(l / 2 + 0.031, -0.26, floorZ + 0.04, l / 2 + 0.032, 0.26, floorZ + 0.15,
                new int[] {0xf0f0f0, SKIP, SKIP, SKIP, SKIP, SKIP}, 0);
        b.box(-l / 2 - 0.032, -0.26, floorZ + 0.2, -l / 2 - 0.031, 0.26, floorZ + 0.31,
                new int[] {SKIP, 0xf0f0f0, SKIP, SKIP, SKIP, SKIP}, 0);
        return b.build();
    }

    /** A box truck 6.5–9 m long. */
    public static Mesh truck(Rng rng) {
        double l = rng.range(6.5, 9.0);
        double w = 2.45;
        double h = rng.range(3.2, 3.8);
        int cab = vary(rng, CAR_PAINT[rng.nextInt(CAR_PAINT.length)], 0.08);
        int box = vary(rng, TRUCK_BOX[rng.nextInt(TRUCK_BOX.length)], 0.05);
        double cabLen = 2.2;
        MeshBuilder b = new MeshBuilder().part(WorldClasses.TRUCK, true);
        b.box(-l / 2, -w / 2 + 0.1, 0.45, l / 2 - 0.1, w / 2 - 0.1, 0.95, 0x222222, 0);
        b.box(l / 2 - cabLen, -w / 2, 0.6, l / 2, w / 2, 2.9, cab, 0);
        // windscreen and side windows of the cab, 1 cm proud of the panels
        b.box(l / 2 + 0.01, -w / 2 + 0.12, 1.75, l / 2 + 0.011, w / 2 - 0.12, 2.65,
                new int[] {GLASS, SKIP, SKIP, SKIP, SKIP, SKIP}, 0);
        b.box(l / 2 - 1.3, -w / 2 - 0.011, 1.75, l / 2 - 0.2, w / 2 + 0.011, 2.55,
                new int[] {SKIP, SKIP, GLASS, GLASS, SKIP, SKIP}, 0);
        b.box(-l / 2, -w / 2, 0.95, l / 2 - cabLen - 0.15, w / 2, h, box, 0);
        addWheels(b, l / 2 - 1.1, -(l / 2 - 1.4), w / 2, 0.5, -(l / 2 - 2.5));
        addLights(b, l, w, 0.75, 0.16, 0.3);
        return b.build();
    }

    /** A city bus about 12 m long with a band of side windows. */
    public static Mesh bus(Rng rng) {
        double l = rng.range(10.5, 12.5);
        double w = 2.55;
        double h = rng.range(3.0, 3.3);
        int paint = vary(rng, BUS_PAINT[rng.nextInt(BUS_PAINT.length)], 0.06);
        MeshBuilder b = new MeshBuilder().part(WorldClasses.BUS, true);
        b.box(-l / 2, -w / 2, 0.3, l / 2, w / 2, h, paint, 0);
        b.box(l / 2 + 0.01, -w / 2 + 0.1, 0.95, l / 2 + 0.011, w / 2 - 0.1, h - 0.45,
                new int[] {GLASS, SKIP, SKIP, SKIP, SKIP, SKIP}, 0);
        b.box(l / 2 + 0.01, -w / 2 + 0.3, h - 0.38, l / 2 + 0.011, w / 2 - 0.3, h - 0.12,
                new int[] {0xff9a20, SKIP, SKIP, SKIP, SKIP, SKIP}, Mesh.EMISSIVE);
        b.box(-l / 2 - 0.011, -w / 2 + 0.2, 1.6, -l / 2 - 0.01, w / 2 - 0.2, h - 0.4,
                new int[] {SKIP, GLASS, SKIP, SKIP, SKIP, SKIP}, 0);
        for (double x = -l / 2 + 0.6; x < l / 2 - 1.6; x += 1.6) {
            b.box(x, -w / 2 - 0.011, 1.25, x + 1.4, w / 2 + 0.011, h - 0.35,
                    new int[] {SKIP, SKIP, GLASS, GLASS, SKIP, SKIP}, 0);
        }
        addWheels(b, l / 2 - 2.6, -(l / 2 - 3.0), w / 2, 0.5, Double.NaN);
        addLights(b, l, w, 0.65, 0.18, 0.35);
        return b.build();
    }

    private static void addWheels(MeshBuilder b, double xFront, double xRear, double halfW, double r, double xThird) {
        double[] xs = Double.isNaN(xThird) ? new double[] {xFront, xRear} : new double[] {xFront, xRear, xThird};
        for (double x : xs) {
            for (int side = -1; side <= 1; side += 2) {
                b.disc(x, side * (halfW + 0.012), r, r, 10, 1, side, TYRE, 0);
                b.disc(x, side * (halfW + 0.03), r, r * 0.45, 8, 1, side, HUB, 0);
                addTread(b, x, side * (halfW + 0.012), side * (halfW - 0.2), r, 10);
            }
        }
    }

    /**
     * The tyre's running surface between two y positions: without it a wheel is a flat disc,
     * invisible from straight behind or ahead, and the lowest visible part of a vehicle seen from
     * the rear would be its floor, above the road instead of on it.
     */
    private static void addTread(MeshBuilder b, double x, double y0, double y1, double r, int n) {
        for (int i = 0; i < n; i++) {
            double a0 = 2 * Math.PI * (i + 0.5) / n;
            double a1 = 2 * Math.PI * (i + 1.5) / n;
            double[][] quad = {
                {x + r * Math.cos(a0), y0, r + r * Math.sin(a0)},
                {x + r * Math.cos(a1), y0, r + r * Math.sin(a1)},
                {x + r * Math.cos(a1), y1, r + r * Math.sin(a1)},
                {x + r * Math.cos(a0), y1, r + r * Math.sin(a0)}
            };
            b.polygon(quad, TYRE, 0, x, (y0 + y1) / 2, r); // normal points away from the wheel's axis
        }
    }

    private static void addLights(MeshBuilder b, double l, double w, double z, double lampH, double lampW) {
        for (int side = -1; side <= 1; side += 2) {
            double y0 = side * (w / 2 - 0.12);
            double y1 = side * (w / 2 - 0.12 - lampW);
            b.box(l / 2 + 0.02, Math.min(y0, y1), z, l / 2 + 0.021, Math.max(y0, y1), z + lampH,
                    new int[] {HEADLIGHT, SKIP, SKIP, SKIP, SKIP, SKIP}, Mesh.EMISSIVE);
            b.box(-l / 2 - 0.021, Math.min(y0, y1), z + 0.05, -l / 2 - 0.02, Math.max(y0, y1), z + 0.05 + lampH,
                    new int[] {SKIP, TAILLIGHT, SKIP, SKIP, SKIP, SKIP}, Mesh.EMISSIVE);
        }
    }

    /** A standing or walking person 1.55–1.95 m tall, facing +x. */
    public static Mesh pedestrian(Rng rng) {
        double h = rng.range(1.55, 1.95);
        MeshBuilder b = new MeshBuilder().part(WorldClasses.PERSON, true);
        addPerson(b, rng, h, 0, 0, false);
        return b.build();
    }

    private static void addPerson(MeshBuilder b, Rng rng, double h, double x, double z0, boolean riding) {
        int top = vary(rng, CLOTHES[rng.nextInt(CLOTHES.length)], 0.1);
        int legs = vary(rng, CLOTHES[rng.nextInt(CLOTHES.length)], 0.1);
        int skin = SKIN[rng.nextInt(SKIN.length)];
        int hair = rng.pick(0x201810, 0x3a2818, 0x6a5030, 0xc0a060, 0x101010);
        double hip = z0 + 0.47 * h;
        double shoulder = z0 + 0.81 * h;
        if (!riding) {
            double stride = rng.range(-0.12, 0.12);
            b.box(x - 0.07 + stride, -0.14, z0, x + 0.07 + stride, -0.01, hip, legs, 0);
            b.box(x - 0.07 - stride, 0.01, z0, x + 0.07 - stride, 0.14, hip, legs, 0);
            b.box(x - 0.06, -0.28, hip + 0.05, x + 0.06, -0.2, shoulder, top, 0);
            b.box(x - 0.06, 0.2, hip + 0.05, x + 0.06, 0.28, shoulder, top, 0);
            b.box(x - 0.12, -0.2, hip, x + 0.12, 0.2, shoulder, top, 0);
        } else {
            // legs down to the pedals, torso leaning over the handlebar
            b.box(x - 0.05, -0.16, z0 + 0.35, x + 0.12, -0.04, hip, legs, 0);
            b.box(x - 0.05, 0.04, z0 + 0.35, x + 0.12, 0.16, hip, legs, 0);
            b.taperedBox(x - 0.12, x + 0.12, x + 0.05, x + 0.29, -0.19, 0.19, -0.2, 0.2, hip, shoulder,
                    new int[] {top, top, top, top, top, SKIP}, 0);
            b.box(x + 0.25, -0.26, hip + 0.05, x + 0.55, -0.2, shoulder - 0.05, top, 0);
            b.box(x + 0.25, 0.2, hip + 0.05, x + 0.55, 0.26, shoulder - 0.05, top, 0);
            x += 0.17;
        }
        b.box(x - 0.05, -0.05, shoulder, x + 0.05, 0.05, shoulder + 0.04, skin, 0);
        double head = 0.11;
        b.box(x - head, -head * 0.85, shoulder + 0.04, x + head, head * 0.85, z0 + h - 0.025,
                new int[] {skin, hair, skin, skin, hair, SKIP}, 0);
    }

    /** A cyclist (bicycle and rider as one object), riding along +x. */
    public static Mesh cyclist(Rng rng) {
        MeshBuilder b = new MeshBuilder().part(WorldClasses.CYCLIST, true);
        int frame = vary(rng, CAR_PAINT[rng.nextInt(CAR_PAINT.length)], 0.1);
        double r = 0.34;
        for (double x : new double[] {-0.52, 0.52}) {
            b.disc(x, 0, r, r, 12, 1, 1, TYRE, Mesh.TWO_SIDED);
            b.disc(x, 0.005, r, r * 0.75, 12, 1, 1, 0x9a9a9a, Mesh.TWO_SIDED);
            b.disc(x, -0.005, r, r * 0.75, 12, 1, -1, 0x9a9a9a, Mesh.TWO_SIDED);
        }
        b.box(-0.52, -0.03, r - 0.02, 0.52, 0.03, r + 0.04, frame, 0);
        b.box(-0.15, -0.03, r, -0.05, 0.03, 0.86, frame, 0);
        b.box(-0.1, -0.03, 0.8, 0.48, 0.03, 0.86, frame, 0);
        b.box(0.42, -0.03, r, 0.5, 0.03, 1.02, frame, 0);
        b.box(0.44, -0.28, 0.98, 0.5, 0.28, 1.03, 0x222222, 0);
        addPerson(b, rng, rng.range(1.0, 1.15), -0.12, 0.66, true);
        return b.build();
    }

    /** The shape and colours of a traffic sign's face. */
    public enum SignType { PROHIBITORY, WARNING, MANDATORY, INFORMATION, STOP }

    /**
     * A traffic sign on its pole; the face looks along −x (towards traffic approaching in +x).
     * The pole is class pole; the plate is the sign instance.
     */
    public static Mesh trafficSign(Rng rng, SignType type) {
        MeshBuilder b = new MeshBuilder().part(WorldClasses.POLE, false);
        double r = rng.range(0.32, 0.42);
        double top = rng.range(2.0, 2.6);
        b.box(-0.035, -0.035, 0, 0.035, 0.035, top + r, 0x8c8c8c, 0);
        b.part(WorldClasses.TRAFFIC_SIGN, true);
        double zc = top + r;
        double[] back = null;
        switch (type) {
            case PROHIBITORY -> {
                b.disc(-0.05, 0, zc, r, 16, 0, -1, 0xd02020, 0);
                b.disc(-0.06, 0, zc, r * 0.78, 16, 0, -1, 0xf4f4f4, 0);
                b.box(-0.071, -r * 0.45, zc - r * 0.12, -0.07, r * 0.45, zc + r * 0.12,
                        new int[] {SKIP, 0x181818, SKIP, SKIP, SKIP, SKIP}, 0);
            }
            case MANDATORY -> {
                b.disc(-0.05, 0, zc, r, 16, 0, -1, 0x1850b0, 0);
                b.box(-0.061, -r * 0.12, zc - r * 0.55, -0.06, r * 0.12, zc + r * 0.55,
                        new int[] {SKIP, 0xf4f4f4, SKIP, SKIP, SKIP, SKIP}, 0);
            }
            case WARNING -> {
                double s = r * 1.25;
                b.polygon(new double[][] {{-0.05, -s, zc - s * 0.58}, {-0.05, s, zc - s * 0.58}, {-0.05, 0, zc + s * 1.15}},
                        0xd02020, 0, 1, 0, zc);
                double t = s * 0.7;
                b.polygon(new double[][] {{-0.06, -t, zc - t * 0.55}, {-0.06, t, zc - t * 0.55}, {-0.06, 0, zc + t * 1.1}},
                        0xf4f0e0, 0, 1, 0, zc);
            }
            case INFORMATION -> {
                b.box(-0.051, -r, zc - r, -0.05, r, zc + r, new int[] {SKIP, 0x1850b0, SKIP, SKIP, SKIP, SKIP}, 0);
                b.box(-0.061, -r * 0.3, zc - r * 0.6, -0.06, r * 0.3, zc + r * 0.6,
                        new int[] {SKIP, 0xf4f4f4, SKIP, SKIP, SKIP, SKIP}, 0);
            }
            case STOP -> {
                b.disc(-0.05, 0, zc, r, 8, 0, -1, 0xc81818, 0);
                b.box(-0.061, -r * 0.6, zc - r * 0.15, -0.06, r * 0.6, zc + r * 0.15,
                        new int[] {SKIP, 0xf4f4f4, SKIP, SKIP, SKIP, SKIP}, 0);
            }
            default -> throw new IllegalArgumentException(type.toString());
        }
        b.disc(-0.04, 0, zc, r * 0.98, 12, 0, 1, 0x9a9a9a, 0);
        return b.build();
    }

    /**
     * A three-lamp traffic light facing −x. With {@code armLength > 0} it hangs from a mast arm
     * reaching that far towards +y; otherwise it sits on top of its pole.
     */
    public static Mesh trafficLight(Rng rng, double armLength, int litLamp) {
        MeshBuilder b = new MeshBuilder().part(WorldClasses.POLE, false);
        double poleH = armLength > 0 ? rng.range(5.2, 6.0) : rng.range(2.4, 2.9);
        b.box(-0.07, -0.07, 0, 0.07, 0.07, poleH, 0x6e7070, 0);
        double y = 0;
        double z0 = poleH;
        if (armLength > 0) {
            b.box(-0.05, 0, poleH - 0.3, 0.05, armLength, poleH - 0.2, new int[] {0x6e7070, 0x6e7070, 0x6e7070,
                0x6e7070, 0x6e7070, 0x6e7070}, 0);
            y = armLength - 0.3;
            z0 = poleH - 1.3;
        }
        b.part(WorldClasses.TRAFFIC_LIGHT, true);
        int housing = 0x1e2022;
        b.box(-0.12, y - 0.17, z0, 0.12, y + 0.17, z0 + 0.95,
                new int[] {housing, housing, housing, housing, housing, housing}, 0);
        int[] on = {0xff3020, 0xffb020, 0x30ff70};
        int[] off = {0x401010, 0x403010, 0x104018};
        for (int i = 0; i < 3; i++) {
            double z = z0 + 0.78 - i * 0.3;
            boolean lit = i == litLamp;
            b.disc(-0.125, y, z, 0.1, 10, 0, -1, lit ? on[i] : off[i], lit ? Mesh.EMISSIVE : 0);
            b.box(-0.2, y - 0.12, z + 0.1, -0.12, y + 0.12, z + 0.12,
                    new int[] {housing, SKIP, SKIP, SKIP, housing, housing}, 0);
        }
        return b.build();
    }

    /** A street lamp whose arm reaches {@code armLength} metres towards +y. */
    public static Mesh streetLamp(Rng rng, double armLength) {
        MeshBuilder b = new MeshBuilder().part(WorldClasses.POLE, false);
        double h = rng.range(6.5, 8.0);
        b.box(-0.08, -0.08, 0, 0.08, 0.08, h, 0x7a7c80, 0);
        int all = 0x7a7c80;
        b.box(-0.04, 0, h - 0.1, 0.04, armLength, h, new int[] {all, all, all, all, all, all}, 0);
        b.box(-0.18, armLength - 0.5, h - 0.22, 0.18, armLength, h - 0.05,
                new int[] {all, all, all, all, all, 0xf0f0e0}, 0);
        return b.build();
    }

    /**
     * A building of footprint {@code length × depth} metres with rows of windows on every wall;
     * the wall at −y (the street side when placed) gets a ground-floor shop front.
     */
    public static Mesh building(Rng rng, double length, double depth, double height) {
        int facade = vary(rng, FACADE[rng.nextInt(FACADE.length)], 0.08);
        MeshBuilder b = new MeshBuilder().part(WorldClasses.BUILDING, false);
        b.box(-length / 2, -depth / 2, 0, length / 2, depth / 2, height,
                new int[] {facade, facade, facade, facade, scale(facade, 0.7), SKIP}, Mesh.NOISY);
        int glass = rng.pick(0x2a3038, 0x34404c, 0x202428, 0x4a5866);
        double floorH = rng.range(2.9, 3.4);
        double winW = rng.range(1.0, 1.6);
        double pitch = winW + rng.range(0.8, 1.6);
        double winH = rng.range(1.2, 1.7);
        for (double z = floorH * 0.35 + (rng.chance(0.5) ? floorH : 0); z + winH < height - 0.4; z += floorH) {
            addWindowRow(b, rng, glass, length, depth, z, winW, winH, pitch);
        }
        // shop front / doors along the street wall
        b.box(-length / 2 + 0.8, -depth / 2 - 0.03, 0, length / 2 - 0.8, -depth / 2 - 0.02, Math.min(2.6, height - 0.5),
                new int[] {SKIP, SKIP, SKIP, scale(glass, 1.3), SKIP, SKIP}, 0);
        return b.build();
    }

    private static void addWindowRow(MeshBuilder b, Rng rng, int glass, double length, double depth, double z,
                                     double winW, double winH, double pitch) {
        int n = (int) ((length - 1.0) / pitch);
        double start = -n * pitch / 2 + (pitch - winW) / 2;
        for (int i = 0; i < n; i++) {
            double x = start + i * pitch;
            int g = vary(rng, glass, 0.25);
            b.box(x, -depth / 2 - 0.03, z, x + winW, depth / 2 + 0.03, z + winH,
                    new int[] {SKIP, SKIP, g, g, SKIP, SKIP}, 0);
        }
        int m = (int) ((depth - 1.0) / pitch);
        double startY = -m * pitch / 2 + (pitch - winW) / 2;
        for (int i = 0; i < m; i++) {
            double y = startY + i * pitch;
            int g = vary(rng, glass, 0.25);
            b.box(-length / 2 - 0.03, y, z, length / 2 + 0.03, y + winW, z + winH,
                    new int[] {g, g, SKIP, SKIP, SKIP, SKIP}, 0);
        }
    }

    /** A deciduous tree: trunk and a faceted crown. */
    public static Mesh tree(Rng rng) {
        MeshBuilder b = new MeshBuilder().part(WorldClasses.VEGETATION, false);
        double trunkH = rng.range(1.6, 3.0);
        double crownW = rng.range(2.2, 4.5);
        double crownH = rng.range(2.5, 5.0);
        double t = rng.range(0.12, 0.2);
        b.box(-t, -t, 0, t, t, trunkH + 0.3, 0x5a4030, 0);
        int leaf = vary(rng, rng.pick(0x3c6a28, 0x2e5a22, 0x4e7a30, 0x58702c, 0x35602e), 0.1);
        double w0 = crownW * 0.45;
        double w1 = crownW / 2;
        double mid = trunkH + crownH * 0.45;
        int[] all = {leaf, leaf, leaf, leaf, leaf, leaf};
        b.taperedBox(-w0, w0, -w1, w1, -w0, w0, -w1, w1, trunkH, mid, new int[] {leaf, leaf, leaf, leaf, SKIP, leaf},
                Mesh.NOISY);
        b.taperedBox(-w1, w1, -w0 * 0.5, w0 * 0.5, -w1, w1, -w0 * 0.5, w0 * 0.5, mid, trunkH + crownH, all, Mesh.NOISY);
        return b.build();
    }

    /** A hedge or bush: a green box. */
    public static Mesh hedge(Rng rng, double length, double width, double height) {
        int leaf = vary(rng, rng.pick(0x3a6428, 0x2c5420, 0x466e2c), 0.1);
        return new MeshBuilder().part(WorldClasses.VEGETATION, false)
                .box(-length / 2, -width / 2, 0, length / 2, width / 2, height, leaf, Mesh.NOISY).build();
    }
}
