package dev.gradflow.model.bench;

import dev.gradflow.model.train.SparseNetwork;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits each training step into phases by timestamps taken around the engine's own code paths, without changing
 * them. Two DL4J listeners are put around the trainer's listener ({@code GradientFlowListener}): {@link #first} before
 * it and {@link #last} after it, so DL4J's callbacks give, per step (docs/performance.md, "Step breakdown"):
 * <ul>
 *   <li>{@code onForwardPass} (first): the hidden layers' forward pass is done;</li>
 *   <li>{@code onGradientCalculation} (first, last): backprop is done / the gradient hook (masking, and on logged
 *       steps the gradient norms) is done;</li>
 *   <li>{@code iterationDone} (first, last): the updater has applied the update / the weight hook (re-masking, and on
 *       logged steps the weight and update norms) is done.</li>
 * </ul>
 * The bench's observer adds the time of the record hand-off to the store ({@link #storeStart}, {@link #storeEnd}) and
 * the end of the step (its {@code progress} call, {@link #stepEnd}).
 */
final class StepTimer {
    /** Per-phase sums (nanoseconds) over the steps of one kind (logged or unlogged). */
    static final class Sums {
        long steps, forward, backward, gradientHook, update, weightHook, record, store, rest, total;

        double ms(long v) { return steps == 0 ? Double.NaN : v / 1e6 / steps; }
    }

    final Sums logged = new Sums(), unlogged = new Sums();
    private long prevEnd = -1, forwardDone, backwardDone, gradHookDone, updateDone, weightHookDone, storeStart = -1, storeEnd;
    /** Input shape of each weight layer (by DL4J layer name or index), captured from the first forward pass. */
    final Map<String, long[]> inputShapes = new HashMap<>();
    private boolean shapesCaptured;

    final TrainingListener first = new BaseTrainingListener() {
        @Override public void onForwardPass(Model model, List<INDArray> activations) {
            forwardDone = System.nanoTime();
            if (!shapesCaptured) {
                for (int i = 0; i < activations.size(); i++) inputShapes.put("#" + i, activations.get(i).shape());
                shapesCaptured = true;
            }
        }

        @Override public void onForwardPass(Model model, Map<String, INDArray> activations) {
            forwardDone = System.nanoTime();
            if (!shapesCaptured) {
                activations.forEach((k, v) -> inputShapes.put(k, v.shape()));
                shapesCaptured = true;
            }
        }

        @Override public void onGradientCalculation(Model model) { backwardDone = System.nanoTime(); }

        @Override public void iterationDone(Model model, int iteration, int epoch) { updateDone = System.nanoTime(); }
    };

    final TrainingListener last = new BaseTrainingListener() {
        @Override public void onGradientCalculation(Model model) { gradHookDone = System.nanoTime(); }

        @Override public void iterationDone(Model model, int iteration, int epoch) { weightHookDone = System.nanoTime(); }
    };

    /** Puts the two timing listeners around whatever listeners the trainer gave the network. */
    void wrap(SparseNetwork network) {
        Model m = network.model();
        List<TrainingListener> all = new ArrayList<>();
        all.add(first);
        if (m instanceof MultiLayerNetwork net) {
            all.addAll(net.getListeners());
            all.add(last);
            net.setListeners(all);
        } else {
            ComputationGraph g = (ComputationGraph) m;
            all.addAll(g.getListeners());
            all.add(last);
            g.setListeners(all);
        }
        prevEnd = -1;
    }

    void storeStart() { storeStart = System.nanoTime(); }

    void storeEnd() { storeEnd = System.nanoTime(); }

    /** End of a step: its phases are added to the logged or unlogged sums (the first step of a segment is skipped). */
    void stepEnd() {
        long now = System.nanoTime();
        if (prevEnd >= 0) {
            boolean wasLogged = storeStart >= 0;
            Sums s = wasLogged ? logged : unlogged;
            s.steps++;
            s.forward += forwardDone - prevEnd;
            s.backward += backwardDone - forwardDone;
            s.gradientHook += gradHookDone - backwardDone;
            s.update += updateDone - gradHookDone;
            s.weightHook += weightHookDone - updateDone;
            if (wasLogged) {
                s.record += storeStart - weightHookDone;
                s.store += storeEnd - storeStart;
                s.rest += now - storeEnd;
            } else {
                s.rest += now - weightHookDone;
            }
            s.total += now - prevEnd;
        }
        storeStart = -1;
        prevEnd = now;
    }
}
