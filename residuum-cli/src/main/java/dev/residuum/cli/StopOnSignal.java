package dev.residuum.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM (what {@code bin/residuum} passes on, and what {@code kill} sends)
 * ask a long command to stop cleanly instead of ending the JVM: the first signal runs the given
 * request (e.g. {@code Trainer::stop}, which lets the step in progress finish). Ctrl-C in a terminal
 * reaches Java twice at once (SIGINT from the terminal, SIGTERM from the launcher's trap): signals
 * within {@value #SAME_REQUEST_SECONDS} s of the first are the same request; a later one ends the
 * process at once, as without this handler. {@link #close()} puts the previous handlers back.
 *
 * <p>Signals are caught with {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in
 * every JDK): a shutdown hook could not stop the JVM from exiting, and the command must write its
 * checkpoint and exit with its own status after the signal.
 */
final class StopOnSignal implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};
    /** Seconds after the first signal during which further signals repeat the same request. */
    static final int SAME_REQUEST_SECONDS = 2;
    private long firstNanos = -1;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopOnSignal() {
    }

    /** Catches SIGINT and SIGTERM until {@link #close()}; each first signal runs {@code stop}. */
    static StopOnSignal install(Runnable stop) {
        StopOnSignal s = new StopOnSignal();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                s.previous.put(signal, Signal.handle(signal, caught -> {
                    if (s.isRepeat()) { // asked again, later: end the process the default way
                        s.restore();
                        Signal.raise(caught);
                    } else {
                        stop.run();
                    }
                }));
            } catch (IllegalArgumentException e) {
                // the JVM reserves the signal (e.g. -Xrs): it then keeps its default meaning
            }
        }
        return s;
    }

    /** Whether an earlier signal came more than {@value #SAME_REQUEST_SECONDS} s ago (the first one starts the clock). */
    private synchronized boolean isRepeat() {
        long now = System.nanoTime();
        if (firstNanos < 0) {
            firstNanos = now;
        }
        return now - firstNanos > SAME_REQUEST_SECONDS * 1_000_000_000L;
    }

    private synchronized void restore() {
        previous.forEach(Signal::handle);
        previous.clear();
    }

    @Override
    public void close() {
        restore();
    }
}
