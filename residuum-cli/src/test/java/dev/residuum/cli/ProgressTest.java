package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress on a (fake) terminal, in a log, and with --quiet, on a fake clock and a captured stream. */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private Progress progress(boolean terminal, boolean quiet) {
        return new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, quiet, nanos::get);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void advance(double seconds) {
        nanos.addAndGet((long) (seconds * 1e9));
    }

    @Test
    void aTerminalGetsTheStatusRedrawnInPlaceAtMostFiveTimesASecond() {
        Progress p = progress(true, false);
        p.status("step 1 of 100", false);
        advance(0.05);
        p.status("step 2 of 100", false); // too soon: not drawn
        advance(0.2);
        p.status("step 3", false); // shorter: the rest of the old line is blanked
        p.line("epoch 1 done");
        assertEquals("\rstep 1 of 100" + "\rstep 3" + " ".repeat(7) + "\r" + " ".repeat(6) + "\r" + "epoch 1 done\n",
                text());
    }

    @Test
    void aLogGetsAPlainLineEveryTenSeconds() {
        Progress p = progress(false, false);
        for (int i = 1; i <= 25; i++) {
            advance(1);
            p.status("step " + i, false);
        }
        p.line("done");
        assertEquals("step 10\nstep 20\ndone\n", text(), "one line per " + Progress.PLAIN_EVERY_SECONDS + " s, no \\r");
    }

    @Test
    void quietPrintsNothing() {
        Progress p = progress(true, true);
        p.status("step 1", true);
        p.line("epoch 1");
        p.clear();
        assertEquals("", text());
    }

    @Test
    void theLaunchersFlagSaysWhetherStderrIsATerminal() {
        assertTrue(CliRun.withProperty(Progress.TERMINAL_PROPERTY, "true", Progress::stderrIsTerminal));
        assertTrue(!CliRun.withProperty(Progress.TERMINAL_PROPERTY, "false", Progress::stderrIsTerminal));
    }

    @Test
    void etaExtrapolatesTheRateSoFar() {
        assertEquals("?", Progress.eta(0, 0, 10));
        assertEquals("0:30", Progress.eta(10, 10, 30));
        assertEquals("1:00:00", Progress.eta(1, 1, 3600));
    }
}
