package dev.gradflow.app.runs;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.StepRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Thread-safe buffer between the training thread (which adds) and a live chart (which drains in batches on the UI
 * thread at a bounded rate). Keeps only compact numbers, never the engine's arrays.
 */
public final class LiveMetrics {
    /** One logged step: loss, EGF_2 of the network, and each layer's ||g (.) M||_2. */
    public record StepPoint(long step, double loss, double egf2, String[] layerNames, double[] layerL2Active) {
    }

    /** One evaluation point or epoch: test loss/accuracy at that step. */
    public record TestPoint(long step, double testLoss, double testAccuracy) {
    }

    private final ConcurrentLinkedQueue<StepPoint> steps = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<TestPoint> tests = new ConcurrentLinkedQueue<>();

    public void add(StepRecord r) {
        List<LayerStats> ls = r.layers();
        String[] names = new String[ls == null ? 0 : ls.size()];
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = ls.get(i).name();
            values[i] = ls.get(i).l2Active();
        }
        steps.add(new StepPoint(r.step(), r.loss(), r.flow() == null ? Double.NaN : r.flow().egf2(), names, values));
    }

    public void add(EvalPoint p) {
        tests.add(new TestPoint(p.step(), p.testLoss(), p.testAccuracy()));
    }

    public void add(EpochRecord e) {
        tests.add(new TestPoint(e.step(), e.testLoss(), e.testAccuracy()));
    }

    public List<StepPoint> drainSteps() {
        List<StepPoint> out = new ArrayList<>();
        StepPoint p;
        while ((p = steps.poll()) != null) out.add(p);
        return out;
    }

    public List<TestPoint> drainTests() {
        List<TestPoint> out = new ArrayList<>();
        TestPoint p;
        while ((p = tests.poll()) != null) out.add(p);
        return out;
    }
}
