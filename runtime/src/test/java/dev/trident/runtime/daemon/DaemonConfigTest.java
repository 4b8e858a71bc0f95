package dev.trident.runtime.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.TridentException;
import dev.trident.runtime.config.DeviceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's settings in the shipped device configs, and clear errors for bad ones. */
class DaemonConfigTest {
    @TempDir
    Path dir;

    @Test
    void everyShippedDeviceConfigLoadsWithItsDaemonSettings() throws Exception {
        // surefire runs in the module folder; the configs are beside it
        Path configs = Path.of(System.getProperty("user.dir")).resolveSibling("device-configs");
        try (Stream<Path> files = Files.list(configs)) {
            long n = files.filter(p -> p.toString().endsWith(".yaml")).peek(p -> {
                DeviceConfig c = DeviceConfig.load(p);
                assertThat(c.daemon().bind()).as(p.toString()).isEqualTo("127.0.0.1");
                assertThat(c.daemon().latencyBudgetMs()).as(p.toString()).isPositive();
                assertThat(c.daemon().shed()).as(p.toString()).isNotEmpty();
            }).count();
            assertThat(n).isEqualTo(4);
        }
    }

    @Test
    void badDaemonSettingsNameTheField() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "daemon:\n  clientQueueSize: 0\n");
        assertThatThrownBy(() -> DeviceConfig.load(bad)).isInstanceOf(TridentException.class)
                .hasMessageContaining("daemon.clientQueueSize must be in [1,");
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "daemon:\n  prot: 80\n");
        assertThatThrownBy(() -> DeviceConfig.load(unknown)).hasMessageContaining("daemon.prot");
        Path shed = Files.writeString(dir.resolve("shed.yaml"), "daemon:\n  shed: [{head: depth, every: 1}]\n");
        assertThatThrownBy(() -> DeviceConfig.load(shed)).hasMessageContaining("every of head 'depth' must be ≥ 2");
        assertThat(DeviceConfig.defaults().daemon().port()).isEqualTo(8080);
    }
}
