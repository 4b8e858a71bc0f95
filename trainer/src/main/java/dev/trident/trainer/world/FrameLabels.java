package dev.trident.trainer.world;

import dev.trident.calibration.CameraPose;
import dev.trident.trainer.data.YoloBox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a rendered frame's object labels to the dataset's YOLO boxes and to the JSON objects
 * of {@code objects.jsonl} / {@code frames.jsonl}. Stateless; thread-safe.
 */
public final class FrameLabels {
    private FrameLabels() {
    }

    /** YOLO boxes (detection class ids of {@link WorldClasses#DETECTION}) for the frame's labelled objects. */
    public static List<YoloBox> yolo(RenderedFrame f) {
        List<YoloBox> out = new ArrayList<>(f.objects().size());
        for (ObjectLabel o : f.objects()) {
            out.add(YoloBox.fromPixels(o.kind().detectionId(), o.x1(), o.y1(), o.x2(), o.y2(), f.width(), f.height()));
        }
        return out;
    }

    /** The camera mount as JSON: height, pitch, roll (degrees). */
    public static Map<String, Object> camera(CameraPose pose) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("height_m", round(pose.height()));
        m.put("pitch_deg", round(Math.toDegrees(pose.pitch())));
        m.put("roll_deg", round(Math.toDegrees(pose.roll())));
        return m;
    }

    /** Every labelled object as JSON: class, id, box, fractions, 3-D box in the vehicle frame. */
    public static List<Map<String, Object>> objects(RenderedFrame f) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ObjectLabel o : f.objects()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", o.kind().label());
            m.put("id", o.id());
            m.put("box", List.of(o.x1(), o.y1(), o.x2(), o.y2()));
            m.put("visible_px", o.visiblePixels());
            m.put("occlusion", round(o.occlusion()));
            m.put("truncation", round(o.truncation()));
            m.put("position", List.of(round(o.x()), round(o.y()), round(o.z())));
            m.put("size", List.of(round(o.length()), round(o.width()), round(o.height())));
            m.put("yaw", round(o.yaw()));
            m.put("depth", round(o.depth()));
            out.add(m);
        }
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
