package dev.trident.trainer.world;

/**
 * Where the ego vehicle stands in the world: the vehicle frame's origin on the ground and its
 * heading. Immutable; thread-safe.
 *
 * @param x       world x of the vehicle origin, metres
 * @param y       world y of the vehicle origin, metres
 * @param heading radians from world +x, positive to the left
 */
public record EgoPose(double x, double y, double heading) {
}
