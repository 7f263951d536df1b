package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the CLI in-process and captures what it prints, for the command tests. */
final class CliRun {
    /** Exit status, stdout and stderr of one CLI run. */
    record Result(int status, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }

        /** A number in the JSON line: {@code path} like "images" or "delta.test_mae" (nested keys). */
        double number(String path) {
            String json = lastLine();
            int from = 0;
            String[] keys = path.split("\\.");
            for (int i = 0; i < keys.length - 1; i++) {
                from = json.indexOf("\"" + keys[i] + "\": {", from);
                assertTrue(from >= 0, "key " + keys[i] + " in " + json);
            }
            Matcher m = Pattern.compile("\"" + keys[keys.length - 1] + "\": (-?[0-9.eE+-]+)").matcher(json);
            assertTrue(m.find(from), "key " + path + " in " + json);
            return Double.parseDouble(m.group(1));
        }
    }

    static {
        // the BLAS backend's one log line comes at the first BLAS use in this JVM: here, not inside a captured run
        dev.residuum.kernel.Blas.description();
    }

    private CliRun() {
    }

    /** Runs {@code body} with the system property {@code key} set to {@code value} (null: cleared), then restores it. */
    static synchronized <T> T withProperty(String key, String value, java.util.function.Supplier<T> body) {
        String before = System.getProperty(key);
        try {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    static synchronized Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Result(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * Runs {@code residuum args...} and checks that it is refused as bad input: exit status 2 and a
     * message on stderr that contains {@code part}.
     */
    static Result assertBadInput(String part, String... args) {
        Result r = run(args);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains(part), r.err());
        return r;
    }

    /** Writes {@code text} (UTF-8) to {@code file}, an input of a command under test; returns the file. */
    static java.nio.file.Path write(java.nio.file.Path file, String text) throws java.io.IOException {
        java.nio.file.Files.writeString(file, text);
        return file;
    }
}
