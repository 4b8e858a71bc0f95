package dev.trident.runtime.contract;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Model contract v1: everything the runtime needs to run a multi-head perception model with no
 * model-specific code. Stored as JSON in the ONNX {@code metadata_props} under
 * {@link #METADATA_KEY}, or in a sidecar file next to the model; see docs/model-contract.md.
 *
 * <p>Immutable value; thread-safe.
 *
 * @param version  contract version, 1
 * @param name     model name for logs and reports
 * @param input    the image input
 * @param heads    the heads, in a stable order (head index = position)
 * @param features optional backbone feature tensor names (outputs that heads share)
 * @param camera   optional training camera at model resolution (for metric depth rescaling)
 */
public record ModelContract(Integer version, String name, InputSpec input, List<HeadSpec> heads,
                            List<String> features, CameraSpec camera) {

    /** The ONNX metadata_props key that carries the contract JSON. */
    public static final String METADATA_KEY = "trident.contract";
    /** The only version this runtime reads. */
    public static final int VERSION = 1;

    public ModelContract {
        if (version == null) {
            version = VERSION;
        }
        if (version != VERSION) {
            throw new IllegalArgumentException("contract version " + version + " is not supported; this runtime reads version "
                    + VERSION);
        }
        if (name == null || name.isBlank()) {
            name = "model";
        }
        if (input == null) {
            throw new IllegalArgumentException("the contract needs an 'input' section");
        }
        if (heads == null || heads.isEmpty()) {
            throw new IllegalArgumentException("the contract needs at least one head in 'heads'");
        }
        heads = List.copyOf(heads);
        if (heads.size() > 30) {
            throw new IllegalArgumentException("at most 30 heads are supported, got " + heads.size());
        }
        Set<String> names = new HashSet<>();
        for (HeadSpec h : heads) {
            if (!names.add(h.name())) {
                throw new IllegalArgumentException("head name '" + h.name() + "' appears twice; head names must be unique");
            }
        }
        features = features == null ? List.of() : List.copyOf(features);
    }

    /** Index of the head with this name, or -1. */
    public int headIndex(String headName) {
        for (int i = 0; i < heads.size(); i++) {
            if (heads.get(i).name().equals(headName)) {
                return i;
            }
        }
        return -1;
    }

    /** Every output tensor name the heads use, in head order. */
    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        for (HeadSpec h : heads) {
            for (String role : HeadSpec.requiredRoles(h.task(), h.detection())) {
                out.add(h.output(role));
            }
        }
        return out;
    }
}
