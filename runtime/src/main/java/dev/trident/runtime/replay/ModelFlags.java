package dev.trident.runtime.replay;

import dev.trident.runtime.config.DeviceConfig;
import dev.trident.runtime.config.ExecutionProvider;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Model options of the replay commands (the model is optional for record and replay). */
final class ModelFlags {
    @Option(names = {"-m", "--model"}, description = "ONNX model (contract embedded or in a sidecar .trident.json)")
    Path model;

    @Option(names = {"-c", "--config"}, description = "device config YAML (default: built-in x86 CPU settings)")
    Path config;

    @Option(names = "--providers", split = ",", description = "override the config's execution providers, e.g. cuda,cpu")
    List<ExecutionProvider> providers;

    DeviceConfig deviceConfig() {
        DeviceConfig c = config == null ? DeviceConfig.defaults() : DeviceConfig.load(config);
        return providers == null ? c : c.withProviders(providers);
    }
}
