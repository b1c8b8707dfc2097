package dev.gradflow.app.design;

import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.LayerSpec;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/** One editable hidden layer in the design table. */
public final class LayerRow {
    private final IntegerProperty width = new SimpleIntegerProperty(this, "width");
    private final ObjectProperty<Activation> activation = new SimpleObjectProperty<>(this, "activation");
    private final BooleanProperty batchNorm = new SimpleBooleanProperty(this, "batchNorm");
    private final DoubleProperty dropout = new SimpleDoubleProperty(this, "dropout");

    public LayerRow(int width, Activation activation, boolean batchNorm, double dropout) {
        this.width.set(width);
        this.activation.set(activation);
        this.batchNorm.set(batchNorm);
        this.dropout.set(dropout);
    }

    public static LayerRow of(LayerSpec spec) {
        return new LayerRow(spec.width() == null ? 0 : spec.width(), spec.activation(), spec.batchNorm(), spec.dropout());
    }

    public LayerSpec toSpec() {
        return new LayerSpec(width.get(), activation.get(), batchNorm.get(), dropout.get());
    }

    public IntegerProperty widthProperty() { return width; }
    public ObjectProperty<Activation> activationProperty() { return activation; }
    public BooleanProperty batchNormProperty() { return batchNorm; }
    public DoubleProperty dropoutProperty() { return dropout; }

    /** Properties whose change should re-validate the design (an ObservableList extractor). */
    public Observable[] observables() { return new Observable[]{width, activation, batchNorm, dropout}; }
}
