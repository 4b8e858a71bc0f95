package dev.trident.trainer.world;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraPose;
import java.util.List;

/**
 * Everything needed to render a frame: the road, the objects on and beside it, the conditions
 * and the camera (intrinsics and its mount on the ego vehicle), plus the ego's starting pose.
 *
 * <p>The object list is shared with the drive simulator, which moves objects between frames;
 * a scene is therefore not thread-safe while a drive runs.
 *
 * @param road       road geometry
 * @param objects    every mesh in the world (scenery and countable objects)
 * @param conditions light, weather and sensor conditions
 * @param intrinsics camera intrinsics (image size)
 * @param mount      camera pose on the ego vehicle
 * @param ego        ego pose for a still frame (start pose for a drive)
 * @param egoLane    lane index (from the right) the ego drives in
 * @param seed       seed the scene was generated from (also seeds per-frame noise)
 */
public record Scene(Road road, List<WorldObject> objects, Conditions conditions, CameraIntrinsics intrinsics,
                    CameraPose mount, EgoPose ego, int egoLane, long seed) {
}
