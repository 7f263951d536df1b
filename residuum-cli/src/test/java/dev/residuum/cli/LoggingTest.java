package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CLI logs through SLF4J's simple binding: one line per message on stderr, no date, thread or logger name. */
class LoggingTest {
    @Test
    void oneLinePerMessageOnStderr() {
        Logger log = LoggerFactory.getLogger(LoggingTest.class);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            log.info("BLAS backend: {}", "test");
            log.warn("careful");
            log.debug("not shown");
        } finally {
            System.setErr(err);
        }
        assertEquals("INFO BLAS backend: test\nWARN careful\n", captured.toString(StandardCharsets.UTF_8));
    }
}
