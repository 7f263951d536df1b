package dev.residuum.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code dev.residuum.kernel} is the bottom layer: no file of its main sources names a
 * {@code dev.residuum} package other than itself, in an import (static or not, wildcards included)
 * or a qualified name in code. Read from the module's source folder (the tests run in
 * residuum-core); comments and string literals are not code and are skipped.
 */
class KernelDependencyTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "residuum", "kernel");
    /** A name under dev.residuum, its first segment captured; Java allows blanks around the dots. */
    private static final Pattern PROJECT_NAME = Pattern.compile("\\bdev\\s*\\.\\s*residuum\\s*\\.\\s*(\\*|\\w+)");

    @Test
    void kernelNamesNothingAboveIt() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "expected the kernel sources at " + SOURCES.toAbsolutePath()
                + " (surefire runs the tests in the module's folder)");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.stream().anyMatch(p -> p.endsWith("Gemm.java")), "no kernel sources found in " + SOURCES);
        List<String> violations = new ArrayList<>();
        for (Path file : files) {
            String[] lines = code(Files.readString(file)).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = PROJECT_NAME.matcher(lines[i]);
                while (m.find()) {
                    if (!m.group(1).equals("kernel")) {
                        violations.add(file.getFileName() + ":" + (i + 1) + ": " + lines[i].strip());
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "dev.residuum.kernel takes float[] and ints and depends on no other"
                + " dev.residuum package; pass arrays and sizes instead, or move the code up to its caller's package");
    }

    @Test
    void findsWhatItLooksFor() {
        String source = "package dev.residuum.kernel;\nimport dev.residuum.tensor.Shape;\nimport static dev . residuum"
                + " . autodiff.Graph.track;\n// dev.residuum.nn in a comment\n/* dev.residuum.io\n */ String s ="
                + " \"dev.residuum.train\"; int n = dev.residuum.tensor.Shape.of(2).rank();\nimport dev.residuum.*;";
        List<String> found = new ArrayList<>();
        Matcher m = PROJECT_NAME.matcher(code(source));
        while (m.find()) {
            found.add(m.group(1));
        }
        assertEquals(List.of("kernel", "tensor", "autodiff", "tensor", "*"), found);
    }

    /**
     * The source with comments removed and string and character literals emptied, line breaks
     * kept (so line numbers stay).
     */
    private static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0, n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') i++;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                out.append("\"\"");
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = j < n && source.charAt(j) == c ? j + 1 : j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
