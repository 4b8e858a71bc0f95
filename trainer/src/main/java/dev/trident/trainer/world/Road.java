package dev.trident.trainer.world;

/**
 * A road of constant curvature (straight or a circular arc) in the world frame, with its lane
 * layout and marking style. The centreline starts at the world origin heading along +x and bends
 * left for positive curvature. Road coordinates are (s, d): arc length along the centreline and
 * signed lateral offset, positive to the left.
 *
 * <p>Traffic keeps right: lanes with d &lt; 0 carry traffic in +s (the ego direction), lanes with
 * d &gt; 0 carry oncoming traffic; a one-way road has all lanes in +s.
 *
 * <p>Immutable; thread-safe.
 *
 * @param curvature     1/radius in 1/m, positive bends left, 0 = straight
 * @param lanes         number of lanes (1–4)
 * @param forwardLanes  lanes carrying traffic in +s (the rest are oncoming)
 * @param laneWidth     metres
 * @param sidewalkWidth metres of raised sidewalk beside each road edge
 * @param curbHeight    metres the sidewalk and verge stand above the road
 * @param dashLength    length of a dash, metres
 * @param dashPeriod    dash + gap, metres
 * @param yellowCentre  whether the line between directions is a double yellow (else a solid white)
 * @param crosswalks    s positions where crosswalks start (each 4 m long)
 * @param grassVerge    whether the ground beyond the sidewalk is grass (else paved)
 */
public record Road(double curvature, int lanes, int forwardLanes, double laneWidth, double sidewalkWidth,
                   double curbHeight, double dashLength, double dashPeriod, boolean yellowCentre,
                   double[] crosswalks, boolean grassVerge) {

    /** Length of a crosswalk along the road, metres. */
    public static final double CROSSWALK_LENGTH = 4.0;

    public Road {
        if (lanes < 1 || lanes > 4 || forwardLanes < 1 || forwardLanes > lanes) {
            throw new IllegalArgumentException("road needs 1-4 lanes with 1..lanes forward, got "
                    + lanes + "/" + forwardLanes);
        }
        crosswalks = crosswalks.clone();
    }

    /** A straight two-way road for tests: {@code lanes} lanes of {@code laneWidth} metres. */
    public static Road straight(int lanes, double laneWidth) {
        return new Road(0, lanes, Math.max(1, lanes / 2 + lanes % 2), laneWidth, 3.0, 0.15, 3, 9, false,
                new double[0], true);
    }

    public double halfWidth() {
        return lanes * laneWidth / 2;
    }

    /** Lateral offset of the centre of lane {@code i}, counted from the rightmost lane (0). */
    public double laneCentre(int i) {
        return -halfWidth() + (i + 0.5) * laneWidth;
    }

    /** Whether lane {@code i} (from the right) carries traffic in +s. */
    public boolean isForwardLane(int i) {
        return i < forwardLanes;
    }

    @Override
    public double[] crosswalks() {
        return crosswalks.clone();
    }

    int crosswalkCount() {
        return crosswalks.length;
    }

    double crosswalkStart(int i) {
        return crosswalks[i];
    }

    /** World point of road coordinates (s, d) → {@code out = {x, y, heading}}. */
    public void toWorld(double s, double d, double[] out) {
        if (curvature == 0) {
            out[0] = s;
            out[1] = d;
            out[2] = 0;
            return;
        }
        double r = 1 / curvature;
        double phi = s * curvature;
        double sin = Math.sin(phi);
        double cos = Math.cos(phi);
        out[0] = (r - d) * sin;
        out[1] = r - (r - d) * cos;
        out[2] = phi;
    }

    /** Road heading (radians, world frame) at arc length s. */
    public double headingAt(double s) {
        return s * curvature;
    }

    /** Road coordinates of world point (x, y) → {@code out = {s, d}}; exact for the arc. */
    public void toRoad(double x, double y, double[] out) {
        if (curvature == 0) {
            out[0] = x;
            out[1] = y;
            return;
        }
        double r = 1 / curvature;
        double sign = Math.signum(r);
        double dy = r - y;
        double rho = sign * Math.sqrt(x * x + dy * dy);
        out[1] = r - rho;
        out[0] = FastMath.atan2(sign * x, sign * dy) * r;
    }
}
