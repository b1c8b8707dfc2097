package dev.gradflow.model.cli;

import dev.gradflow.model.train.TrainingObserver;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Terminal progress for training: steps, loss, throughput and ETA. On a terminal it is a live bar; when output is
 * not a terminal (a log file, CI) it degrades to a plain line every 10 seconds.
 */
final class ProgressReporter implements TrainingObserver, AutoCloseable {
    private final String task;
    private final PrintStream err;
    private ProgressBar bar;

    ProgressReporter(String task, PrintStream err) {
        this.task = task;
        this.err = err;
    }

    @Override
    public void progress(long done, long total, double loss, double examplesPerSecond) {
        if (bar == null) {
            boolean terminal = System.console() != null;
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setUnit(" steps", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                    .setEtaFunction(state -> state.getCurrent() == 0 ? Optional.empty()
                            : Optional.of(state.getElapsedAfterStart().multipliedBy(state.getMax() - state.getCurrent())
                            .dividedBy(state.getCurrent())));
            if (terminal) {
                b.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250);
            } else {
                b.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(10_000).continuousUpdate()
                        .setConsumer(new DelegatingProgressBarConsumer(err::println, 100));
            }
            bar = b.build();
        }
        bar.stepTo(done);
        bar.setExtraMessage(String.format(" loss %.4f, %.0f ex/s", loss, examplesPerSecond));
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }

    static String duration(double seconds) {
        Duration d = Duration.ofMillis((long) (seconds * 1000));
        return d.toHours() > 0 ? String.format("%dh%02dm%02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : d.toMinutes() > 0 ? String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart())
                : String.format("%.1fs", seconds);
    }
}
