package dev.gradflow.app.design;

import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ConvBlockSpec;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/** One editable convolutional block ({@code architecture.blocks[i]} of a {@code cnn}) in the design table. */
public final class BlockRow {
    private final IntegerProperty filters = new SimpleIntegerProperty(this, "filters");
    private final IntegerProperty kernel = new SimpleIntegerProperty(this, "kernel");
    private final IntegerProperty stride = new SimpleIntegerProperty(this, "stride");
    private final BooleanProperty same = new SimpleBooleanProperty(this, "same");
    private final IntegerProperty padding = new SimpleIntegerProperty(this, "padding");
    private final ObjectProperty<Activation> activation = new SimpleObjectProperty<>(this, "activation");
    private final BooleanProperty batchNorm = new SimpleBooleanProperty(this, "batchNorm");
    private final ObjectProperty<ConvBlockSpec.Pooling> pooling = new SimpleObjectProperty<>(this, "pooling");
    private final IntegerProperty poolSize = new SimpleIntegerProperty(this, "poolSize");

    public static BlockRow of(ConvBlockSpec b) {
        BlockRow r = new BlockRow();
        r.filters.set(b.filters() == null ? 0 : b.filters());
        r.kernel.set(b.kernel());
        r.stride.set(b.stride());
        r.same.set(b.same());
        r.padding.set(b.padding());
        r.activation.set(b.activation());
        r.batchNorm.set(b.batchNorm());
        r.pooling.set(b.pooling());
        r.poolSize.set(b.poolSize());
        return r;
    }

    public BlockRow copy() { return of(toSpec()); }

    /** The block as the spec writes it; padding only when {@code same} is off (the validator requires 0 otherwise). */
    public ConvBlockSpec toSpec() {
        return new ConvBlockSpec(filters.get(), kernel.get(), stride.get(), same.get(), same.get() ? 0 : padding.get(),
                activation.get(), batchNorm.get(), pooling.get(), poolSize.get());
    }

    public IntegerProperty filtersProperty() { return filters; }
    public IntegerProperty kernelProperty() { return kernel; }
    public IntegerProperty strideProperty() { return stride; }
    public BooleanProperty sameProperty() { return same; }
    public IntegerProperty paddingProperty() { return padding; }
    public ObjectProperty<Activation> activationProperty() { return activation; }
    public BooleanProperty batchNormProperty() { return batchNorm; }
    public ObjectProperty<ConvBlockSpec.Pooling> poolingProperty() { return pooling; }
    public IntegerProperty poolSizeProperty() { return poolSize; }

    /** Properties whose change should re-validate the design (an ObservableList extractor). */
    public Observable[] observables() {
        return new Observable[]{filters, kernel, stride, same, padding, activation, batchNorm, pooling, poolSize};
    }
}
