package dev.trident.runtime.cli;

import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that opens a model shares. */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, description = "ONNX model (contract embedded or in a sidecar .trident.json)")
    Path model;

    @Option(names = {"-c", "--config"}, description = "device config YAML (default: built-in x86 CPU settings)")
    Path config;

    @Option(names = "--providers", split = ",", description = "override the config's execution providers, e.g. cuda,cpu")
    List<ExecutionProvider> providers;

    @Option(names = "--calibration", description = "camera calibration YAML (ROS camera_info + extrinsics): undistortion, "
            + "depth rescaling, distances in metres")
    Path calibration;

    /** The calibrated camera, or null without --calibration. */
    dev.trident.calibration.CameraModel camera() {
        return calibration == null ? null : dev.trident.calibration.io.CameraModelYaml.read(calibration);
    }

    /** Opens the engine with the config and, when given, the calibration. */
    dev.trident.runtime.engine.Engine open(DeviceConfig cfg) {
        return dev.trident.runtime.engine.Engine.open(model(), cfg, camera());
    }

    /** The model path; a clear error when none was given. */
    Path model() {
        if (model == null) {
            throw new IllegalArgumentException("no model given; pass --model MODEL.onnx");
        }
        return model;
    }

    DeviceConfig deviceConfig() {
        DeviceConfig c = config == null ? DeviceConfig.defaults() : DeviceConfig.load(config);
        return providers == null ? c : c.withProviders(providers);
    }
}
