package dev.residuum.cli;

import dev.residuum.cli.options.QuietOption;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long command on stderr, the one facility every command uses: on a terminal a
 * status line redrawn in place (at most five times a second); elsewhere (a log file, a pipe, CI) the
 * status as a plain line every {@value #PLAIN_EVERY_SECONDS} seconds; nothing with {@code --quiet}.
 * Lines that stay ({@link #line}) clear the status first.
 *
 * <p>Whether stderr is a terminal: the launcher {@code bin/residuum} says so with
 * {@code -Dresiduum.stderr.terminal=true} (Java cannot see it through the launcher's filter pipe);
 * without the launcher, {@link System#console()} decides.
 */
final class Progress {
    /** Seconds between plain status lines when stderr is not a terminal. */
    static final int PLAIN_EVERY_SECONDS = 10;
    /** The system property the launcher sets when stderr is a terminal. */
    static final String TERMINAL_PROPERTY = "residuum.stderr.terminal";
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean terminal;
    private final boolean quiet;
    private final LongSupplier clock;
    private final long started;
    private long lastShown;
    private int drawn; // characters of the status line on screen (terminal)

    /**
     * @param err where progress goes (stderr)
     * @param terminal redraw in place rather than print plain lines
     * @param quiet print nothing
     * @param clock nanoseconds (System::nanoTime; a fake one in tests)
     */
    Progress(PrintStream err, boolean terminal, boolean quiet, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
        this.clock = clock;
        this.started = clock.getAsLong();
        // a terminal shows the first status at once; a log gets its first line after a period
        this.lastShown = terminal ? started - REDRAW_NANOS : started;
    }

    /** Progress on stderr, drawn in place when stderr is a terminal, silent with {@code --quiet}. */
    static Progress onStderr(QuietOption quiet) {
        return new Progress(System.err, stderrIsTerminal(), quiet.enabled(), System::nanoTime);
    }

    /** Whether a person watches stderr (see the class comment). */
    static boolean stderrIsTerminal() {
        String flag = System.getProperty(TERMINAL_PROPERTY);
        return flag != null ? Boolean.parseBoolean(flag) : System.console() != null;
    }

    /** Seconds since this progress began. */
    double seconds() {
        return (clock.getAsLong() - started) / 1e9;
    }

    /**
     * The current status; shown when due (in place on a terminal, else every
     * {@value #PLAIN_EVERY_SECONDS} s), or at once with {@code force}.
     */
    void status(String text, boolean force) {
        if (quiet) {
            return;
        }
        long now = clock.getAsLong();
        long every = terminal ? REDRAW_NANOS : PLAIN_EVERY_SECONDS * 1_000_000_000L;
        if (!force && now - lastShown < every) {
            return;
        }
        lastShown = now;
        if (terminal) {
            err.print("\r" + text + " ".repeat(Math.max(0, drawn - text.length())));
            drawn = text.length();
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** A line that stays (an epoch's summary, a phase), after clearing the status. */
    void line(String text) {
        if (quiet) {
            return;
        }
        clear();
        err.println(text);
        err.flush();
    }

    /** Removes the status line from the terminal (nothing elsewhere). */
    void clear() {
        if (terminal && drawn > 0 && !quiet) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
        }
        drawn = 0;
    }

    /** Time left at a rate of {@code done} units in {@code seconds}, as h:mm:ss or m:ss ("?" before any). */
    static String eta(double seconds, long done, long left) {
        if (done <= 0 || !(seconds > 0)) {
            return "?";
        }
        long s = Math.round(seconds / done * Math.max(0, left));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
