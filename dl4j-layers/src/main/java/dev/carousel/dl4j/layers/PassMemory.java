package dev.carousel.dl4j.layers;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a pass keeps its working arrays (time-major input, gate activations, states): either in the DL4J
 * workspace of the current call ({@link #workspace}), or in buffers the layer keeps outside any workspace
 * ({@link #kept}) so that a training forward pass can hand its caches to the backward pass that follows it
 * instead of recomputing them. Kept buffers are reused while their shape and type stay the same.
 */
final class PassMemory {
    private final LayerWorkspaceMgr mgr;
    private final ArrayType type;
    private final Map<String, INDArray> pool;
    private final DataType dataType;

    private PassMemory(LayerWorkspaceMgr mgr, ArrayType type, Map<String, INDArray> pool, DataType dataType) {
        this.mgr = mgr;
        this.type = type;
        this.pool = pool;
        this.dataType = dataType;
    }

    static PassMemory workspace(LayerWorkspaceMgr mgr, ArrayType type, DataType dataType) {
        return new PassMemory(mgr, type, null, dataType);
    }

    static PassMemory kept(Map<String, INDArray> pool, DataType dataType) {
        return new PassMemory(null, null, pool, dataType);
    }

    boolean isKept() {
        return pool != null;
    }

    /** A 'c'-ordered array of the given shape, zero-filled if asked. */
    INDArray get(String name, boolean zero, long... shape) {
        if (pool == null) {
            return zero ? mgr.create(type, dataType, shape, 'c') : mgr.createUninitialized(type, dataType, shape, 'c');
        }
        INDArray a = pool.get(name);
        if (a == null || a.dataType() != dataType || !Arrays.equals(a.shape(), shape)) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                a = Nd4j.createUninitialized(dataType, shape, 'c');
            }
            pool.put(name, a);
        }
        if (zero) {
            a.assign(0);
        }
        return a;
    }
}
