package dev.trident.runtime.engine;

import java.util.List;

/**
 * One head subset the engine has a session for: which heads it computes and how big its graph is
 * (the pruned graph holds only the ancestors of those heads' outputs).
 *
 * @param heads          head names computed by this subset
 * @param nodeCount      operators in its graph
 * @param parameterCount float weights (initializer elements) in its graph
 * @param createNanos    time to prune and create its session
 */
public record SubsetInfo(List<String> heads, int nodeCount, long parameterCount, long createNanos) {
}
