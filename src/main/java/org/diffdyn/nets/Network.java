package org.diffdyn.nets;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A network with its native memory, its Adam state and its step counter: everything {@link Training} needs to continue
 * a run, and everything a checkpoint file holds ({@link #save}/{@link #load}). Close it to free the native memory.
 *
 * <p>Randomness in training is a function of (seed, step) only ({@link Training}), so the step counter is the whole RNG
 * state and a resumed run draws exactly what the uninterrupted run would have drawn.
 */
public abstract class Network implements AutoCloseable {
    private static final String MAGIC = "diffdyn-network-1";
    protected final NDManager manager;
    protected final Module module;
    private final Shape sampleShape;
    private final List<Parameter> trainable = new ArrayList<>();
    private NDArray[] adamM, adamV;
    long step;

    /** Builds and initialises {@code module} with PyTorch's generator seeded by {@code seed}. */
    protected Network(Module module, Shape sampleShape, Torch.Device device, long seed) {
        this.manager = Torch.manager(device);
        this.module = module;
        this.sampleShape = sampleShape;
        synchronized (Torch.RNG_LOCK) { // no other thread draws between the seed and the last initial weight
            Torch.seed(seed);
            module.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(sampleShape));
        }
        for (Parameter p : module.getParameters().values()) if (p.requiresGradient()) trainable.add(p);
    }

    public Module module() {
        return module;
    }

    public NDManager manager() {
        return manager;
    }
    /** Shape of one sample: (d) or (C, H, W). */
    public Shape sampleShape() {
        return sampleShape;
    }
    /** Flattened sample dimension. */
    public int dim() {
        return (int) sampleShape.size();
    }
    /** Adam steps taken so far. */
    public long step() {
        return step;
    }
    /** Scalar parameters, trainable and fixed (Fourier frequencies). */
    public long parameterCount() {
        return module.parameterCount();
    }

    /** Scalar parameters that training updates. */
    public long trainableParameterCount() {
        long n = 0;
        for (Parameter p : trainable) n += p.getArray().size();
        return n;
    }

    List<Parameter> trainable() {
        return trainable;
    }

    /** One Adam update of every trainable parameter from its gradient (PyTorch's formula), then zeroes the gradients. */
    void adamStep(double lr, double beta1, double beta2, double eps) {
        if (adamM == null) {
            adamM = new NDArray[trainable.size()];
            adamV = new NDArray[trainable.size()];
            for (int i = 0; i < adamM.length; i++) {
                Shape s = trainable.get(i).getArray().getShape();
                adamM[i] = manager.zeros(s);
                adamV[i] = manager.zeros(s);
                ai.djl.ndarray.NDScope.unregister(adamM[i], adamV[i]);
            }
        }
        step++;
        double c1 = 1 - Math.pow(beta1, step), c2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / c1), epsHat = (float) (eps * Math.sqrt(c2));
        for (int i = 0; i < adamM.length; i++) {
            NDArray w = trainable.get(i).getArray();
            try (NDArray g = w.getGradient()) {
                adamM[i].muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                adamV[i].muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
                // w -= lr/c1 · m / (sqrt(v)/sqrt(c2) + eps) = (lr/c1)·sqrt(c2) · m / (sqrt(v) + eps·sqrt(c2))
                w.subi(adamM[i].div(adamV[i].sqrt().addi(epsHat)).muli((float) (stepSize * Math.sqrt(c2))));
                g.subi(g);
            }
        }
    }

    /** Writes parameters, Adam state and step to {@code file} (atomically, through a temporary file). */
    public void save(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".net", ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeUTF(MAGIC);
                out.writeUTF(getClass().getSimpleName() + " " + sampleShape);
                out.writeLong(step);
                module.saveParameters(out);
                out.writeBoolean(adamM != null);
                if (adamM != null) {
                    new NDList(adamM).encode(out);
                    new NDList(adamV).encode(out);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Restores what {@link #save} wrote; a clear error naming the file if it is not a checkpoint of this network. */
    public void load(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!MAGIC.equals(magic))
                throw new org.diffdyn.core.ParameterException(
                        "checkpoint", file, "a diffdyn network checkpoint", "the header is not " + MAGIC);
            String kind = in.readUTF(), mine = getClass().getSimpleName() + " " + sampleShape;
            if (!kind.equals(mine))
                throw new org.diffdyn.core.ParameterException(
                        "checkpoint", file, "a checkpoint of " + mine, "it holds " + kind);
            long s = in.readLong();
            module.loadParameters(manager, in);
            trainable.clear();
            for (Parameter p : module.getParameters().values())
                if (p.requiresGradient()) {
                    p.getArray().setRequiresGradient(true);
                    trainable.add(p);
                }
            if (in.readBoolean()) {
                NDList m = NDList.decode(manager, in), v = NDList.decode(manager, in);
                if (m.size() != trainable.size())
                    throw new org.diffdyn.core.ParameterException(
                            "checkpoint",
                            file,
                            "a checkpoint of this architecture",
                            "optimizer state for " + m.size() + " parameters, the network has " + trainable.size());
                adamM = m.toArray(new NDArray[0]);
                adamV = v.toArray(new NDArray[0]);
            } else {
                adamM = adamV = null;
            }
            step = s;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof org.diffdyn.core.ParameterException pe) throw pe;
            throw new org.diffdyn.core.ParameterException(
                    "checkpoint", file, "a readable diffdyn network checkpoint", e.toString());
        }
    }

    /** Frees all native memory of the network. */
    @Override
    public void close() {
        manager.close();
    }
}
