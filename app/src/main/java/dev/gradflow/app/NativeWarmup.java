package dev.gradflow.app;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J's native libraries with one tiny call, so the first run does not pay for it. The only class of the
 * app that touches ND4J directly; called on a background thread at start-up.
 */
final class NativeWarmup {
    private NativeWarmup() {
    }

    static String run() {
        return Nd4j.create(new float[]{1f, 2f}).sumNumber().toString();
    }
}
