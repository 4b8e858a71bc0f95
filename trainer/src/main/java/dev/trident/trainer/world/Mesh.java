package dev.trident.trainer.world;

/**
 * A rigid set of flat convex faces in an object's local frame (x forward, y left, z up, origin on
 * the ground at the object's centre). Stored as flat arrays so rendering allocates nothing.
 *
 * <p>Immutable after {@link MeshBuilder#build()}; thread-safe to read.
 */
public final class Mesh {
    /** Face flag: draw both sides (thin plates such as sign faces); no back-face culling. */
    public static final int TWO_SIDED = 1;
    /** Face flag: light source (lamps); not shaded by the sun. */
    public static final int EMISSIVE = 2;
    /** Face flag: add screen-space texture noise (foliage, facades). */
    public static final int NOISY = 4;

    final float[] vertices;
    final int[] faceFirst;
    final int[] faceSize;
    final float[] faceNormal;
    final int[] faceColour;
    final byte[] faceClass;
    final boolean[] faceInstance;
    final int[] faceFlags;
    final float centreZ;
    final float radius;
    final float[] extent;
    final float[] instanceExtent;

    Mesh(float[] vertices, int[] faceFirst, int[] faceSize, float[] faceNormal, int[] faceColour, byte[] faceClass,
         boolean[] faceInstance, int[] faceFlags, float[] extent) {
        this.vertices = vertices;
        this.faceFirst = faceFirst;
        this.faceSize = faceSize;
        this.faceNormal = faceNormal;
        this.faceColour = faceColour;
        this.faceClass = faceClass;
        this.faceInstance = faceInstance;
        this.faceFlags = faceFlags;
        this.extent = extent;
        this.centreZ = (extent[2] + extent[5]) / 2;
        float r = 0;
        for (int i = 0; i < vertices.length; i += 3) {
            float dx = vertices[i];
            float dy = vertices[i + 1];
            float dz = vertices[i + 2] - centreZ;
            r = Math.max(r, dx * dx + dy * dy + dz * dz);
        }
        this.radius = (float) Math.sqrt(r);
        float[] ie = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE,
            -Float.MAX_VALUE};
        boolean any = false;
        for (int f = 0; f < faceFirst.length; f++) {
            if (!faceInstance[f]) {
                continue;
            }
            any = true;
            for (int v = faceFirst[f]; v < faceFirst[f] + faceSize[f]; v++) {
                for (int k = 0; k < 3; k++) {
                    ie[k] = Math.min(ie[k], vertices[v * 3 + k]);
                    ie[k + 3] = Math.max(ie[k + 3], vertices[v * 3 + k]);
                }
            }
        }
        this.instanceExtent = any ? ie : extent;
    }

    public int faceCount() {
        return faceFirst.length;
    }

    /** Axis-aligned bounds of the labelled (instance) faces, or of all faces when none are labelled. */
    public float[] instanceExtent() {
        return instanceExtent.clone();
    }

    /** Axis-aligned bounds in the local frame: {minX, minY, minZ, maxX, maxY, maxZ}. */
    public float[] extent() {
        return extent.clone();
    }
}
