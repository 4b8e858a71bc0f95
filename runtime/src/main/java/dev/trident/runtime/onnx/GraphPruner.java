package dev.trident.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a model back to the ancestors of some of its outputs, so ONNX Runtime computes only what
 * those outputs need (asking ORT for a subset of outputs does not skip the rest of the graph).
 *
 * <p>The result keeps the original node order (still topological), the initializers, inputs and
 * value infos the kept nodes use, the opsets and the metadata. Names used inside subgraphs
 * (If/Loop bodies) count as uses. Stateless; thread-safe.
 */
public final class GraphPruner {
    private GraphPruner() {
    }

    /** The model reduced to the nodes needed for {@code outputs}, which become its only outputs. */
    public static OnnxMl.ModelProto prune(OnnxMl.ModelProto model, Collection<String> outputs) {
        OnnxMl.GraphProto g = model.getGraph();
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            for (String o : g.getNode(i).getOutputList()) {
                producer.put(o, i);
            }
        }
        Set<String> graphOutputs = new HashSet<>();
        for (OnnxMl.ValueInfoProto vi : g.getOutputList()) {
            graphOutputs.add(vi.getName());
        }
        for (String o : outputs) {
            if (!graphOutputs.contains(o) && !producer.containsKey(o)) {
                throw new IllegalArgumentException("cannot prune to '" + o + "': the model has no such value");
            }
        }

        boolean[] keep = new boolean[g.getNodeCount()];
        Set<String> needed = new HashSet<>();
        Deque<String> work = new ArrayDeque<>(outputs);
        while (!work.isEmpty()) {
            String v = work.pop();
            if (!needed.add(v)) {
                continue;
            }
            Integer p = producer.get(v);
            if (p != null && !keep[p]) {
                keep[p] = true;
                OnnxMl.NodeProto n = g.getNode(p);
                for (String in : n.getInputList()) {
                    if (!in.isEmpty()) {
                        work.push(in);
                    }
                }
                for (String in : subgraphUses(n)) {
                    work.push(in);
                }
            }
        }

        OnnxMl.GraphProto.Builder out = g.toBuilder()
                .clearNode().clearInitializer().clearInput().clearOutput().clearValueInfo();
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                out.addNode(g.getNode(i));
            }
        }
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            if (needed.contains(t.getName())) {
                out.addInitializer(t);
            }
        }
        for (OnnxMl.ValueInfoProto vi : g.getInputList()) {
            if (needed.contains(vi.getName())) {
                out.addInput(vi);
            }
        }
        Set<String> wanted = new LinkedHashSet<>(outputs);
        for (OnnxMl.ValueInfoProto vi : g.getOutputList()) {
            if (wanted.remove(vi.getName())) {
                out.addOutput(vi);
            }
        }
        for (OnnxMl.ValueInfoProto vi : g.getValueInfoList()) {
            if (wanted.remove(vi.getName())) {
                out.addOutput(vi);
            } else if (needed.contains(vi.getName())) {
                out.addValueInfo(vi);
            }
        }
        for (String name : wanted) {
            // an intermediate value without a declared type: let ORT infer it
            out.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(name));
        }
        return model.toBuilder().setGraph(out).build();
    }

    /** Number of nodes (operators) in the model's main graph. */
    public static int nodeCount(OnnxMl.ModelProto model) {
        return model.getGraph().getNodeCount();
    }

    private static List<String> subgraphUses(OnnxMl.NodeProto n) {
        List<String> uses = new java.util.ArrayList<>();
        for (OnnxMl.AttributeProto a : n.getAttributeList()) {
            if (a.hasG()) {
                collect(a.getG(), uses);
            }
            for (OnnxMl.GraphProto sub : a.getGraphsList()) {
                collect(sub, uses);
            }
        }
        return uses;
    }

    private static void collect(OnnxMl.GraphProto g, List<String> uses) {
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            uses.addAll(n.getInputList());
            uses.addAll(subgraphUses(n));
        }
    }
}
