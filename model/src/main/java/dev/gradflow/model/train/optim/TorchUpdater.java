package dev.gradflow.model.train.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Base of the project's optimizers: each one is the per-element update rule of the {@code torch.optim} class of the
 * same name (with torch's defaults, spelled out in docs/spec.md and docs/science.md), written for DL4J's updater
 * interface because DL4J's own updaters differ in details (epsilon scaled by Adam's bias correction, RMSProp's and
 * AdaGrad's squared-gradient history starting at epsilon, epsilon inside the square root, AdaGrad without a
 * learning-rate schedule, the learning rate baked into Nesterov's velocity).
 * <p>
 * DL4J calls {@link GradientUpdater#applyUpdater} once per update with the block's mean gradient (already masked and,
 * with L2, already holding {@code + l2 * w}); the rule advances its state and leaves the update {@code u} in the
 * gradient array, and DL4J then sets {@code p <- p - u} (decoupled weight decay, when configured, adds
 * {@code lr * wd * p} to {@code u} afterwards). {@code iteration} is the number of updates done before this one, so
 * the step count is {@code t = iteration + 1} and the learning rate is {@code schedule(iteration)}: the schedule
 * drives every optimizer, warm-up included. Every state array starts at 0, so a position whose gradient is always 0
 * (a masked weight) keeps a state of exactly 0, except Adamax's infinity norm, which torch's rule sets to
 * {@code eps} there (its update is still exactly 0).
 * <p>
 * The element loop reads and writes ND4J's native memory directly (gradient and state views of DL4J networks are
 * contiguous vectors), computes in double and stores in the arrays' own type; other arrays are copied.
 */
public abstract class TorchUpdater implements IUpdater {
    /** Below this many elements the element loop is not split across cores. */
    private static final int SPLIT_MIN = 1 << 16;
    private static final int PARTS = Math.max(1, Runtime.getRuntime().availableProcessors());

    protected double learningRate;
    protected ISchedule schedule;

    protected TorchUpdater(double learningRate, ISchedule schedule) {
        this.learningRate = learningRate;
        this.schedule = schedule;
    }

    /** The spec's name of this rule ({@code "adam"}, ...). */
    public abstract String rule();

    /** Names of the state arrays, one per parameter each, in their order in the state view. */
    public abstract List<String> stateKeys();

    /** The hyperparameters other than the learning rate, for equality and printing. */
    protected abstract List<Object> hyperparameters();

    /** A copy with the same hyperparameters and the given learning rate and schedule. */
    protected abstract TorchUpdater copy(double learningRate, ISchedule schedule);

    /**
     * The update of step {@code t} (1-based) at learning rate {@code lr}: a loop over elements that advances the
     * state and writes the update into the gradient. {@code memo} is scratch kept by the block's updater between
     * steps (for scalar state such as NAdam's momentum product).
     */
    protected abstract Step step(double lr, long t, double[] memo);

    /** The element loop of one step. */
    @FunctionalInterface
    protected interface Step {
        /** Advances elements [from, to): {@code g} holds the gradient on entry and the update on exit. */
        void run(Buf g, Buf[] state, int from, int to);
    }

    /** Random access to the elements of a vector, in double precision. */
    public abstract static class Buf {
        public abstract double get(int i);

        public abstract void set(int i, double v);
    }

    @Override
    public long stateSize(long numParams) {
        return stateKeys().size() * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        if (viewArray != null) {
            u.setStateViewArray(viewArray, new long[]{1, viewArray.length() / Math.max(1, stateKeys().size())},
                    viewArray.ordering(), initializeViewArray);
        } else if (!stateKeys().isEmpty()) {
            throw new IllegalArgumentException(rule() + " needs a state view array");
        }
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initialize) {
        Updater u = new Updater(this);
        u.setState(state, initialize);
        return u;
    }

    @Override
    public IUpdater clone() {
        return copy(learningRate, schedule == null ? null : schedule.clone());
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return schedule != null ? schedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.schedule = lrSchedule;
    }

    public ISchedule schedule() {
        return schedule;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((TorchUpdater) o).learningRate == learningRate
                && Objects.equals(((TorchUpdater) o).schedule, schedule)
                && ((TorchUpdater) o).hyperparameters().equals(hyperparameters());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), learningRate, schedule, hyperparameters());
    }

    @Override
    public String toString() {
        return rule() + "(lr=" + learningRate + (schedule == null ? "" : ", schedule") + ", " + hyperparameters() + ")";
    }

    /** One block's optimizer: its state arrays (views into DL4J's updater state) and step scratch. */
    static final class Updater implements GradientUpdater<TorchUpdater> {
        private final TorchUpdater config;
        private final List<String> keys;
        private INDArray[] state;
        private final double[] memo = new double[4];

        Updater(TorchUpdater config) {
            this.config = config;
            this.keys = config.stateKeys();
            this.state = new INDArray[keys.size()];
        }

        @Override
        public TorchUpdater getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            for (int k = 0; k < keys.size(); k++) {
                INDArray s = stateMap.get(keys.get(k));
                if (s == null) throw new IllegalStateException(config.rule() + " state needs key " + keys.get(k));
                if (initialize) s.assign(0);
                state[k] = s;
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (int k = 0; k < keys.size(); k++) out.put(keys.get(k), state[k]);
            return out;
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            if (keys.isEmpty()) return;
            if (initialize) viewArray.assign(0);
            long n = viewArray.length() / keys.size();
            INDArray row = viewArray.rank() == 2 && viewArray.size(0) == 1 ? viewArray
                    : viewArray.reshape(viewArray.ordering(), 1, viewArray.length());
            for (int k = 0; k < keys.size(); k++) {
                INDArray part = row.get(NDArrayIndex.point(0), NDArrayIndex.interval(k * n, (k + 1) * n));
                state[k] = part.reshape(order, gradientShape);
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            Step step = config.step(lr, iteration + 1L, memo);
            int n = Math.toIntExact(gradient.length());
            Vec g = Vec.of(gradient);
            Vec[] s = new Vec[state.length];
            for (int k = 0; k < state.length; k++) {
                if (state[k].length() != n) {
                    throw new IllegalStateException(config.rule() + ": state " + keys.get(k) + " has " + state[k].length()
                            + " elements for a gradient of " + n);
                }
                s[k] = Vec.of(state[k]);
            }
            if (n < SPLIT_MIN || PARTS == 1) {
                runChunked(step, g, s, 0, n);
            } else {
                IntStream.range(0, PARTS).parallel().forEach(p ->
                        runChunked(step, g, s, (int) ((long) n * p / PARTS), (int) ((long) n * (p + 1) / PARTS)));
            }
            g.finish();
            for (Vec v : s) v.finish();
        }
    }

    /** Elements per chunk copied between native memory and the heap (bulk copies; see {@link #runChunked}). */
    static final int CHUNK = 2048;
    private static final ThreadLocal<ChunkBufs> SCRATCH = ThreadLocal.withInitial(ChunkBufs::new);

    /**
     * Runs {@code step} over elements [from, to) chunk by chunk: each chunk of the gradient and of every state vector
     * is copied in bulk into heap arrays of the vector's own element type, the rule runs on those, and the chunk is
     * copied back. The rule sees exactly the values it would read from native memory (a float vector's elements are
     * stored as float either way), so the result is bit-for-bit that of the element-wise loop over native memory,
     * without a bounds-checked native access per element (which made the update 12-20 ms per step on the reference
     * MLP; docs/performance.md).
     */
    static void runChunked(Step step, Vec g, Vec[] s, int from, int to) {
        ChunkBufs scratch = SCRATCH.get();
        Buf gb = scratch.buf(0, g);
        Buf[] sb = new Buf[s.length];
        for (int k = 0; k < s.length; k++) sb[k] = scratch.buf(k + 1, s[k]);
        for (int c = from; c < to; c += CHUNK) {
            int len = Math.min(CHUNK, to - c);
            g.load(c, gb, len);
            for (int k = 0; k < s.length; k++) s[k].load(c, sb[k], len);
            step.run(gb, sb, 0, len);
            g.store(c, gb, len);
            for (int k = 0; k < s.length; k++) s[k].store(c, sb[k], len);
        }
    }

    /** One thread's heap chunks: a float and a double chunk for each of up to 4 vectors (gradient and states). */
    private static final class ChunkBufs {
        private final FloatArr[] floats = new FloatArr[4];
        private final DoubleArr[] doubles = new DoubleArr[4];

        Buf buf(int slot, Vec v) {
            if (slot >= floats.length) throw new IllegalStateException("more than " + (floats.length - 1) + " state vectors");
            if (v.isFloat()) {
                if (floats[slot] == null) floats[slot] = new FloatArr(new float[CHUNK]);
                return floats[slot];
            }
            if (doubles[slot] == null) doubles[slot] = new DoubleArr(new double[CHUNK]);
            return doubles[slot];
        }
    }

    private static final class FloatArr extends Buf {
        final float[] a;

        FloatArr(float[] a) { this.a = a; }

        @Override public double get(int i) { return a[i]; }

        @Override public void set(int i, double v) { a[i] = (float) v; }
    }

    private static final class DoubleArr extends Buf {
        final double[] a;

        DoubleArr(double[] a) { this.a = a; }

        @Override public double get(int i) { return a[i]; }

        @Override public void set(int i, double v) { a[i] = v; }
    }

    /** A vector's elements: straight in native memory when contiguous, else in a row-major copy written back. */
    static final class Vec {
        private final FloatBuffer floats;
        private final DoubleBuffer doubles;
        private final int off;
        private final INDArray target;
        private final INDArray copy;

        private Vec(FloatBuffer floats, DoubleBuffer doubles, int off, INDArray target, INDArray copy) {
            this.floats = floats;
            this.doubles = doubles;
            this.off = off;
            this.target = target;
            this.copy = copy;
        }

        static Vec of(INDArray a) {
            int longDims = 0;
            for (long d : a.shape()) if (d > 1) longDims++;
            boolean vector = longDims <= 1;
            if (vector && a.elementWiseStride() == 1 && a.length() <= Integer.MAX_VALUE) {
                int off = Math.toIntExact(a.offset());
                if (a.dataType() == DataType.FLOAT) {
                    FloatBuffer b = a.data().asNioFloat();
                    if (b != null) return new Vec(b, null, off, null, null);
                } else if (a.dataType() == DataType.DOUBLE) {
                    DoubleBuffer b = a.data().asNioDouble();
                    if (b != null) return new Vec(null, b, off, null, null);
                }
            }
            INDArray copy = a.castTo(DataType.DOUBLE).dup('c');
            return new Vec(null, copy.data().asNioDouble(), 0, a, copy);
        }

        boolean isFloat() { return floats != null; }

        /** Copies elements [from, from + len) into the chunk (a {@link FloatArr} or {@link DoubleArr} of the vector's type). */
        void load(int from, Buf chunk, int len) {
            if (floats != null) floats.get(off + from, ((FloatArr) chunk).a, 0, len);
            else doubles.get(off + from, ((DoubleArr) chunk).a, 0, len);
        }

        void store(int from, Buf chunk, int len) {
            if (floats != null) floats.put(off + from, ((FloatArr) chunk).a, 0, len);
            else doubles.put(off + from, ((DoubleArr) chunk).a, 0, len);
        }

        void finish() {
            if (target != null) target.assign(copy.castTo(target.dataType()).reshape('c', target.shape()));
        }
    }
}
