package dev.trident.trainer.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves a scene forward in time for a temporally coherent drive: the ego keeps its lane with a
 * gentle weave, vehicles and cyclists follow their lanes keeping a safe gap to whatever is ahead
 * (the ego brakes for them too), pedestrians walk along the sidewalks or across crosswalks.
 * Static scenery stays put.
 *
 * <p>Mutates the scene's objects; not thread-safe. Deterministic for a scene and seed.
 */
public final class DriveSimulator {
    private static final double STANDSTILL_GAP = 3.0;
    private static final double HEADWAY_S = 1.0;
    private static final double CORRIDOR = 1.6;

    private final Road road;
    private final List<Actor> actors = new ArrayList<>();
    private final Actor ego;
    private final double egoLaneCentre;
    private final double weavePhase;
    private final double[] p = new double[3];
    private double time;
    private double egoYawRate;
    private EgoPose egoPose;

    /** One moving thing in road coordinates. */
    private static final class Actor {
        final WorldObject object;
        final ObjectKind kind;
        final double halfLength;
        final double desired;
        double s;
        double d;
        double speed;
        double lateral;
        int dir;
        double z;

        Actor(WorldObject object, ObjectKind kind, double halfLength, double desired) {
            this.object = object;
            this.kind = kind;
            this.halfLength = halfLength;
            this.desired = desired;
        }
    }

    public DriveSimulator(Scene scene, long seed) {
        this.road = scene.road();
        Rng rng = new Rng(Rng.mix(seed ^ 0x44524956L));
        double[] sd = new double[2];
        for (WorldObject o : scene.objects()) {
            ObjectKind k = o.kind();
            if (k == null || k == ObjectKind.TRAFFIC_SIGN || k == ObjectKind.TRAFFIC_LIGHT) {
                continue;
            }
            float[] e = o.mesh().extent;
            double desired = switch (k) {
                case CAR -> rng.range(9, 14);
                case TRUCK -> rng.range(8, 12);
                case BUS -> rng.range(7, 11);
                case CYCLIST -> rng.range(4, 6);
                default -> rng.chance(0.2) ? 0 : rng.range(1.1, 1.6);
            };
            Actor a = new Actor(o, k, (e[3] - e[0]) / 2, desired);
            road.toRoad(o.x(), o.y(), sd);
            a.s = sd[0];
            a.d = sd[1];
            a.z = o.z();
            double rel = Math.IEEEremainder(o.yaw() - road.headingAt(a.s), 2 * Math.PI);
            if (k == ObjectKind.PEDESTRIAN && Math.abs(a.d) < road.halfWidth()) {
                a.dir = 1;
                a.lateral = Math.signum(Math.sin(rel)) * Math.max(a.desired, 1.1);
                a.speed = 0;
            } else {
                a.dir = Math.cos(rel) >= 0 ? 1 : -1;
                a.speed = a.desired * (k == ObjectKind.PEDESTRIAN ? 1 : rng.range(0.7, 1.0));
            }
            actors.add(a);
        }
        double[] sd0 = new double[2];
        road.toRoad(scene.ego().x(), scene.ego().y(), sd0);
        ego = new Actor(null, ObjectKind.CAR, 2.3, rng.range(10, 14));
        ego.s = sd0[0];
        ego.d = sd0[1];
        ego.dir = 1;
        ego.speed = ego.desired * 0.8;
        egoLaneCentre = road.laneCentre(scene.egoLane());
        weavePhase = rng.range(0, 2 * Math.PI);
        egoPose = scene.ego();
        update(0);
    }

    /** Advances the world by {@code dt} seconds. */
    public void step(double dt) {
        time += dt;
        follow(ego, dt);
        for (Actor a : actors) {
            if (a.kind == ObjectKind.PEDESTRIAN) {
                walk(a, dt);
            } else {
                follow(a, dt);
            }
        }
        update(dt);
    }

    private void follow(Actor a, double dt) {
        double gap = Double.MAX_VALUE;
        for (Actor o : actors) {
            gap = Math.min(gap, gapTo(a, o));
        }
        if (a != ego) {
            gap = Math.min(gap, gapTo(a, ego));
        }
        double target = Math.min(a.desired, Math.max(0, (gap - STANDSTILL_GAP) / HEADWAY_S));
        double dv = Math.max(-8 * dt, Math.min(2.5 * dt, target - a.speed));
        a.speed = Math.max(0, a.speed + dv);
        a.s += a.dir * a.speed * dt;
    }

    private double gapTo(Actor a, Actor o) {
        // someone crossing the road blocks a wider corridor: traffic waits until they are past
        double corridor = o.lateral != 0 ? CORRIDOR + 2.0 : CORRIDOR;
        if (o == a || Math.abs(o.d - a.d) > corridor) {
            return Double.MAX_VALUE;
        }
        double ahead = (o.s - a.s) * a.dir;
        if (ahead <= 0) {
            return Double.MAX_VALUE;
        }
        return ahead - a.halfLength - o.halfLength;
    }

    private void walk(Actor a, double dt) {
        double hw = road.halfWidth();
        if (a.lateral != 0) {
            a.d += a.lateral * dt;
            if (Math.abs(a.d) > hw + 0.8) { // reached the far sidewalk: step up and walk along it
                a.z = road.curbHeight();
                a.lateral = 0;
                a.speed = a.desired;
            }
        } else {
            a.s += a.dir * a.speed * dt;
        }
    }

    private void update(double dt) {
        double weave = 0.25 * Math.sin(2 * Math.PI * time / 7 + weavePhase);
        double weaveRate = 0.25 * 2 * Math.PI / 7 * Math.cos(2 * Math.PI * time / 7 + weavePhase);
        ego.d = egoLaneCentre + weave;
        road.toWorld(ego.s, ego.d, p);
        double heading = p[2] + (ego.speed > 0.5 ? Math.atan2(weaveRate, ego.speed) : 0);
        if (dt > 0) {
            egoYawRate = Math.IEEEremainder(heading - egoPose.heading(), 2 * Math.PI) / dt;
        }
        egoPose = new EgoPose(p[0], p[1], heading);
        for (Actor a : actors) {
            road.toWorld(a.s, a.d, p);
            double yaw;
            if (a.lateral != 0) {
                yaw = p[2] + Math.signum(a.lateral) * Math.PI / 2;
            } else {
                yaw = p[2] + (a.dir < 0 ? Math.PI : 0);
            }
            a.object.place(p[0], p[1], a.z, yaw);
        }
    }

    /** Seconds simulated so far. */
    public double time() {
        return time;
    }

    public EgoPose ego() {
        return egoPose;
    }

    /** Ego speed, m/s. */
    public double egoSpeed() {
        return ego.speed;
    }

    /** Ego yaw rate over the last step, rad/s (positive = turning left). */
    public double egoYawRate() {
        return egoYawRate;
    }
}
