package dev.trident.trainer.world;

/**
 * The kinds of countable objects in the world, each with its detection class id and its
 * segmentation class id (see {@link WorldClasses}). Immutable; thread-safe.
 */
public enum ObjectKind {
    CAR(0, WorldClasses.CAR),
    TRUCK(1, WorldClasses.TRUCK),
    BUS(2, WorldClasses.BUS),
    PEDESTRIAN(3, WorldClasses.PERSON),
    CYCLIST(4, WorldClasses.CYCLIST),
    TRAFFIC_SIGN(5, WorldClasses.TRAFFIC_SIGN),
    TRAFFIC_LIGHT(6, WorldClasses.TRAFFIC_LIGHT);

    private final int detectionId;
    private final byte segmentationId;

    ObjectKind(int detectionId, byte segmentationId) {
        this.detectionId = detectionId;
        this.segmentationId = segmentationId;
    }

    /** Index into {@link WorldClasses#DETECTION}. */
    public int detectionId() {
        return detectionId;
    }

    /** Segmentation class id of this object's pixels. */
    public byte segmentationId() {
        return segmentationId;
    }

    /** The detection class name written to labels. */
    public String label() {
        return WorldClasses.DETECTION.get(detectionId);
    }

    public boolean isVehicle() {
        return this == CAR || this == TRUCK || this == BUS;
    }
}
