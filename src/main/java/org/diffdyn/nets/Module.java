package org.diffdyn.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A DJL {@link ai.djl.nn.Block} whose parameter shapes are fixed at construction (every network here is built for one
 * data shape), so initialisation needs no shape inference and a parent calls its children's {@link #apply} directly
 * with the tensors they need (the time embedding beside the activations), without packing {@link NDList}s.
 * Parameters, saving and loading ({@code saveParameters}/{@code loadParameters}) are DJL's.
 *
 * <p>Initialisation follows PyTorch's defaults for {@code nn.Linear}/{@code nn.Conv2d} (uniform on ±1/√fan-in for
 * weight and bias, {@link #fanIn}), so a network and its PyTorch twin in {@code src/test/python} start alike.
 */
public abstract class Module extends AbstractBlock {
    protected Module() {
        super((byte) 1);
    }

    /** Adds a parameter of fixed shape with an initialiser; {@code trainable=false} for fixed buffers (Fourier frequencies). */
    protected final Parameter param(String name, Shape shape, Initializer init, boolean trainable) {
        Parameter p = Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optRequiresGrad(trainable)
                .optInitializer(init)
                .build();
        return addParameter(p);
    }

    protected final <M extends Module> M child(String name, M m) {
        return addChildBlock(name, m);
    }

    /** Uniform on ±1/√fanIn (PyTorch's default for linear and convolution layers). */
    protected static Initializer fanIn(long fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        return (NDManager m, Shape s, DataType t) -> m.randomUniform(-bound, bound, s, t);
    }

    /** A constant. */
    protected static Initializer constant(float c) {
        return (NDManager m, Shape s, DataType t) -> m.full(s, c, t);
    }

    /** Normal with standard deviation {@code std}. */
    protected static Initializer normal(float std) {
        return (NDManager m, Shape s, DataType t) -> m.randomNormal(0, std, s, t, m.getDevice());
    }

    /** The forward pass on x with an optional conditioning tensor (time embedding). */
    public abstract NDArray apply(NDArray x, NDArray emb, boolean training);

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (var c : children.values()) c.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Number of scalar parameters (trainable and fixed). */
    public long parameterCount() {
        long n = 0;
        for (var p : getParameters().values()) n += p.getArray().size();
        return n;
    }

    /**
     * x·c for a constant c, with c in a tensor that PyTorch allocates. Use this, never DJL's {@code x.mul(Number)},
     * wherever x may require a gradient: DJL (0.36) wraps the number in a tensor over a Java direct buffer and closes
     * that wrapper right after the product, while autograd keeps the tensor to form x's gradient (c·∂L/∂y); once the
     * JVM's garbage collector has freed the buffer, the backward pass multiplies by whatever the freed memory then
     * holds. That made conv U-Net trainings differ between runs (garbage gradients, or NaN) whenever a
     * collection fell between a forward and a backward pass ({@code ConvDeterminismTest}). The product is the same
     * PyTorch operation (tensor times 0-dimensional float tensor), so results are bitwise those of {@code mul(Number)}
     * when the memory survives.
     */
    static NDArray scale(NDArray x, float c) {
        return x.mul(x.getManager().full(new Shape(), c));
    }

    static NDArray silu(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }
}
