package dev.carousel.onnx;

import com.google.protobuf.ByteString;
import dev.carousel.onnx.proto.OnnxSubset.AttributeProto;
import dev.carousel.onnx.proto.OnnxSubset.GraphProto;
import dev.carousel.onnx.proto.OnnxSubset.ModelProto;
import dev.carousel.onnx.proto.OnnxSubset.NodeProto;
import dev.carousel.onnx.proto.OnnxSubset.OperatorSetIdProto;
import dev.carousel.onnx.proto.OnnxSubset.TensorProto;
import dev.carousel.spec.DType;
import java.util.List;

/** Hand-built ONNX models for the mapping and refusal tests (independent of OnnxRecurrentExport). */
final class Models {
    private Models() {
    }

    static TensorProto tensor(String name, double[] v, int... dims) {
        return OnnxTensors.floatingTensor(name, dims, v, DType.FLOAT64);
    }

    /** A FLOAT tensor in the typed field float_data (not raw_data). */
    static TensorProto typedFloat(String name, double[] v, int... dims) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(OnnxTensors.FLOAT);
        for (int d : dims) {
            b.addDims(d);
        }
        for (double x : v) {
            b.addFloatData((float) x);
        }
        return b.build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto stringAttr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    static AttributeProto stringsAttr(String name, String... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        for (String s : v) {
            b.addStrings(ByteString.copyFromUtf8(s));
        }
        return b.build();
    }

    static AttributeProto floatsAttr(String name, float... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.FLOATS);
        for (float f : v) {
            b.addFloats(f);
        }
        return b.build();
    }

    static NodeProto node(String op, String name, List<String> inputs, List<AttributeProto> attrs) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name + "_Y")
                .addOutput(name + "_Y_h").addAllAttribute(attrs).build();
    }

    static byte[] model(List<NodeProto> nodes, List<TensorProto> initializers) {
        GraphProto g = GraphProto.newBuilder().setName("g").addAllNode(nodes).addAllInitializer(initializers).build();
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(14))
                .setGraph(g).build().toByteArray();
    }
}
