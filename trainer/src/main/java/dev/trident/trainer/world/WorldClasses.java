package dev.trident.trainer.world;

import java.util.List;

/**
 * The synthetic world's label vocabulary: segmentation class ids (Cityscapes-style trainIds,
 * 255 = ignore) and the detection class list, in the order written to {@code dataset.yaml}.
 *
 * <p>Constants only; thread-safe.
 */
public final class WorldClasses {
    public static final byte ROAD = 0;
    public static final byte LANE_MARKING = 1;
    public static final byte SIDEWALK = 2;
    public static final byte BUILDING = 3;
    public static final byte VEGETATION = 4;
    public static final byte POLE = 5;
    public static final byte TRAFFIC_SIGN = 6;
    public static final byte TRAFFIC_LIGHT = 7;
    public static final byte SKY = 8;
    public static final byte CAR = 9;
    public static final byte TRUCK = 10;
    public static final byte BUS = 11;
    public static final byte PERSON = 12;
    public static final byte CYCLIST = 13;
    /** Segmentation value meaning "no label for this pixel". */
    public static final int IGNORE = 255;

    /** Segmentation class names, index = class id. */
    public static final List<String> SEGMENTATION = List.of(
            "road", "lane_marking", "sidewalk", "building", "vegetation", "pole", "traffic_sign",
            "traffic_light", "sky", "car", "truck", "bus", "person", "cyclist");

    /** Detection class names, index = YOLO class id. */
    public static final List<String> DETECTION = List.of(
            "car", "truck", "bus", "pedestrian", "cyclist", "traffic_sign", "traffic_light");

    /** Farthest depth written as a label, metres; farther pixels are stored as invalid. */
    public static final double MAX_DEPTH_M = 80.0;

    private WorldClasses() {
    }
}
