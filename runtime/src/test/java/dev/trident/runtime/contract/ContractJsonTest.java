package dev.trident.runtime.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trident.runtime.demo.GeneratedModel;
import org.junit.jupiter.api.Test;

class ContractJsonTest {
    private static final String MINIMAL = """
            {"input": {"name": "images", "height": 384, "width": 640},
             "heads": [{"name": "det", "task": "detection", "classes": ["car"], "stride": 1,
                        "outputs": {"rows": "output0"}, "detection": {"decoder": "yolo"}}]}
            """;

    @Test
    void minimalContractTakesDocumentedDefaults() {
        ModelContract c = ContractJson.parse(MINIMAL, "test");
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.input().colorOrder()).isEqualTo(ColorOrder.RGB);
        assertThat(c.input().scale()).isEqualTo(1.0 / 255.0);
        assertThat(c.input().resize().mode()).isEqualTo(ResizeMode.LETTERBOX);
        assertThat(c.input().resize().padValue()).isEqualTo(114);
        DetectionSpec d = c.heads().get(0).detection();
        assertThat(d.scoreThreshold()).isEqualTo(0.3);
        assertThat(d.nmsIouThreshold()).isEqualTo(0.45);
        assertThat(d.nms()).isTrue();
        assertThat(d.objectness()).isTrue();
    }

    @Test
    void roundTripsThroughJson() {
        ModelContract c = GeneratedModel.contract(GeneratedModel.Spec.tiny());
        ModelContract back = ContractJson.parse(ContractJson.write(c), "test");
        assertThat(back).isEqualTo(c);
    }

    @Test
    void unknownFieldIsAnErrorNamingIt() {
        String typo = MINIMAL.replace("\"stride\": 1", "\"strid\": 1");
        assertThatThrownBy(() -> ContractJson.parse(typo, "sidecar x.trident.json"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("sidecar x.trident.json")
                .hasMessageContaining("strid");
    }

    @Test
    void badEnumListsTheChoices() {
        String bad = MINIMAL.replace("\"yolo\"", "\"ssd\"");
        assertThatThrownBy(() -> ContractJson.parse(bad, "test"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("heads[0].detection.decoder")
                .hasMessageContaining("[centernet, yolo, boxes]");
    }

    @Test
    void missingRoleIsNamed() {
        String bad = MINIMAL.replace("\"rows\"", "\"row\"");
        assertThatThrownBy(() -> ContractJson.parse(bad, "test"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("role 'rows'");
    }

    @Test
    void malformedJsonSaysSo() {
        assertThatThrownBy(() -> ContractJson.parse("{\"input\": ", "test"))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void depthRangeMustBeOrdered() {
        assertThatThrownBy(() -> new DepthSpec(DepthEncoding.METRIC, 10, 5))
                .hasMessageContaining("0 < minDepth < maxDepth");
    }
}
