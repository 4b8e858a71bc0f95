package dev.trident.trainer.export;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Structural sanity of an ONNX graph, what {@code onnx.checker} plus shape inference would flag
 * for graphs of this kind: IR version and opset present; nodes in topological order, each input
 * defined before use (a graph input, an initializer or an earlier node's output — no dangling
 * inputs); each value written once; every value typed (graph inputs and outputs with a tensor
 * element type, every intermediate in {@code value_info}); every graph input and initializer
 * used; every graph output produced. Stateless; thread-safe.
 */
public final class GraphCheck {
    private GraphCheck() {
    }

    /** The problems found, empty when the graph is sound. */
    public static List<String> problems(OnnxMl.ModelProto model) {
        List<String> p = new ArrayList<>();
        if (model.getIrVersion() < 3) {
            p.add("IR version " + model.getIrVersion() + " is not set or too old");
        }
        if (model.getOpsetImportCount() == 0) {
            p.add("no opset import");
        }
        OnnxMl.GraphProto g = model.getGraph();
        Set<String> defined = new HashSet<>();
        Set<String> typed = new HashSet<>();
        Set<String> used = new HashSet<>();
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            defined.add(v.getName());
            requireType(v, "graph input", p);
            typed.add(v.getName());
        }
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            if (!defined.add(t.getName())) {
                p.add("initializer '" + t.getName() + "' is defined twice");
            }
            typed.add(t.getName());
        }
        for (OnnxMl.ValueInfoProto v : g.getValueInfoList()) {
            requireType(v, "value_info", p);
            typed.add(v.getName());
        }
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            requireType(v, "graph output", p);
            typed.add(v.getName());
        }
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                if (in.isEmpty()) {
                    continue; // an omitted optional input
                }
                if (!defined.contains(in)) {
                    p.add("node '" + n.getName() + "' (" + n.getOpType() + ") reads '" + in
                            + "', which is not defined before it (dangling input or wrong node order)");
                }
                used.add(in);
            }
            for (String out : n.getOutputList()) {
                if (!defined.add(out)) {
                    p.add("value '" + out + "' is written twice (node '" + n.getName() + "')");
                }
                if (!typed.contains(out)) {
                    p.add("value '" + out + "' of node '" + n.getName() + "' has no type (no value_info or output entry)");
                }
            }
        }
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            if (!defined.contains(v.getName())) {
                p.add("graph output '" + v.getName() + "' is produced by no node");
            }
            used.add(v.getName());
        }
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            if (!used.contains(v.getName())) {
                p.add("graph input '" + v.getName() + "' is never read");
            }
        }
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            if (!used.contains(t.getName())) {
                p.add("initializer '" + t.getName() + "' is never read");
            }
        }
        return p;
    }

    private static void requireType(OnnxMl.ValueInfoProto v, String what, List<String> p) {
        if (!v.hasType() || !v.getType().hasTensorType() || v.getType().getTensorType().getElemType() == 0) {
            p.add(what + " '" + v.getName() + "' has no tensor element type");
        }
    }
}
