package dev.trident.trainer.world;

/**
 * A mesh placed in the world: scenery (kind {@code null}) or a countable object with a stable
 * id. Its pose is mutable so drives can move it.
 *
 * <p>Not thread-safe: the drive simulator moves objects between renders on one thread.
 */
public final class WorldObject {
    private final Mesh mesh;
    private final ObjectKind kind;
    private final int id;
    private double x;
    private double y;
    private double z;
    private double yaw;

    /**
     * @param mesh the shape, in its local frame
     * @param kind what it is, or null for scenery without a detection label
     * @param id   stable identifier (unique within a scene; the track id in drives)
     */
    public WorldObject(Mesh mesh, ObjectKind kind, int id, double x, double y, double z, double yaw) {
        this.mesh = mesh;
        this.kind = kind;
        this.id = id;
        place(x, y, z, yaw);
    }

    /** Moves the object: base centre at world (x, y, z), heading {@code yaw} radians from world +x. */
    public void place(double x, double y, double z, double yaw) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.yaw = yaw;
    }

    public Mesh mesh() {
        return mesh;
    }

    public ObjectKind kind() {
        return kind;
    }

    public int id() {
        return id;
    }

    public double x() {
        return x;
    }

    public double y() {
        return y;
    }

    public double z() {
        return z;
    }

    public double yaw() {
        return yaw;
    }
}
