package dev.carousel.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.carousel.spec.DType;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a serialized ONNX model in ONNX Runtime (CPU) on double inputs; outputs come back as double[]. */
final class OrtRun {
    private OrtRun() {
    }

    /** A named input: values (flat), shape, and whether it is int32. */
    record Input(double[] values, long[] shape, boolean int32) {
        static Input of(double[] values, long... shape) {
            return new Input(values, shape, false);
        }

        static Input ints(int[] values) {
            double[] d = new double[values.length];
            for (int k = 0; k < d.length; k++) {
                d[k] = values[k];
            }
            return new Input(d, new long[] {values.length}, true);
        }
    }

    static Map<String, double[]> run(byte[] model, Map<String, Input> inputs, DType dtype) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            opts.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(model, opts)) {
                Map<String, OnnxTensor> feed = new HashMap<>();
                try {
                    for (Map.Entry<String, Input> e : inputs.entrySet()) {
                        Input in = e.getValue();
                        OnnxTensor t;
                        if (in.int32()) {
                            int[] v = new int[in.values().length];
                            for (int k = 0; k < v.length; k++) {
                                v[k] = (int) in.values()[k];
                            }
                            t = OnnxTensor.createTensor(env, IntBuffer.wrap(v), in.shape());
                        } else if (dtype == DType.FLOAT64) {
                            t = OnnxTensor.createTensor(env, DoubleBuffer.wrap(in.values()), in.shape());
                        } else {
                            float[] v = new float[in.values().length];
                            for (int k = 0; k < v.length; k++) {
                                v[k] = (float) in.values()[k];
                            }
                            t = OnnxTensor.createTensor(env, FloatBuffer.wrap(v), in.shape());
                        }
                        feed.put(e.getKey(), t);
                    }
                    Map<String, double[]> out = new LinkedHashMap<>();
                    try (OrtSession.Result r = session.run(feed)) {
                        for (Map.Entry<String, OnnxValue> e : r) {
                            OnnxTensor t = (OnnxTensor) e.getValue();
                            out.put(e.getKey(), toDouble(t));
                        }
                    }
                    return out;
                } finally {
                    for (OnnxTensor t : feed.values()) {
                        t.close();
                    }
                }
            }
        }
    }

    private static double[] toDouble(OnnxTensor t) {
        if (t.getInfo().type == ai.onnxruntime.OnnxJavaType.DOUBLE) {
            DoubleBuffer b = t.getDoubleBuffer();
            double[] out = new double[b.remaining()];
            b.get(out);
            return out;
        }
        FloatBuffer b = t.getFloatBuffer();
        double[] out = new double[b.remaining()];
        for (int k = 0; k < out.length; k++) {
            out[k] = b.get(k);
        }
        return out;
    }

}
