package dev.trident.runtime.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the contract's JSON form. Unknown fields are errors (a typo must not silently
 * fall back to a default). Thread-safe.
 */
public final class ContractJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ContractJson() {
    }

    /**
     * Parses contract JSON; {@code origin} names where it came from in error messages
     * (e.g. "sidecar model.trident.json").
     */
    public static ModelContract parse(String json, String origin) {
        try {
            return MAPPER.readValue(json, ModelContract.class);
        } catch (JsonMappingException e) {
            throw new ContractException("contract in " + origin + " is invalid at " + path(e) + ": " + rootMessage(e)
                    + "; see docs/model-contract.md");
        } catch (JsonProcessingException e) {
            throw new ContractException("contract in " + origin + " is not valid JSON (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + "): " + e.getOriginalMessage());
        }
    }

    public static String write(ModelContract contract) {
        try {
            return MAPPER.writeValueAsString(contract);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("contract cannot be written as JSON", e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.isEmpty() ? "the top level" : sb.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t instanceof JsonMappingException jm ? jm.getOriginalMessage() : t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
