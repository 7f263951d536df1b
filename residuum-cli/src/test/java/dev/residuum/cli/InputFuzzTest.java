package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.testing.Damage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed files of every format the CLI reads, made from valid seeds ({@link Damage}), given to
 * the command that reads them, in-process: each run exits 0 (the damage left a valid file) or 2
 * with one line on stderr; never 1, a stack trace, an error or a hang ({@value #SECONDS} s per
 * case). {@value #CASES_PROPERTY} cases per format (default {@value #DEFAULT_CASES}; the campaign
 * of issue 18 runs 1000). With {@code -Dresiduum.fuzz.launcher=N}, the first N cases of each
 * format also go through {@code bin/residuum} (which needs the built jar).
 */
class InputFuzzTest {
    static final String CASES_PROPERTY = "residuum.fuzz";
    static final int DEFAULT_CASES = 40;
    static final int SECONDS = 60;
    private static final int CASES = Integer.getInteger(CASES_PROPERTY, DEFAULT_CASES);
    private static final int LAUNCHER = Integer.getInteger("residuum.fuzz.launcher", 0);

    @TempDir
    static Path shared;

    private static Path run;
    private static Path weights;

    @TempDir
    Path tmp;

    @BeforeAll
    static void seedRun() {
        run = shared.resolve("seed-run");
        CliRun.Result r = CliRun.run("train", "--model", "resnet8", "--limit", "32", "--batch", "32", "--epochs", "1",
                "--threads", "1", "--out", run.toString());
        assertEquals(0, r.status(), r.err());
        weights = run.resolve("model.safetensors");
    }

    /** One format: its seed, where damage matters most, and the command that reads a damaged copy. */
    private interface Reader {
        List<String> args(Path damaged, Path caseDir) throws IOException;
    }

    @Test
    void safetensors() throws Exception {
        byte[] seed = Files.readAllBytes(weights);
        fuzz("safetensors", seed, headerLength(seed), "model.safetensors", (f, d) -> List.of("predict", "--model",
                "resnet8", "--weights", f.toString(), "--input", sample(), "--quiet"));
    }

    @Test
    void idx() throws Exception {
        byte[] raw = idxBytes(8);
        fuzz("IDX (raw)", raw, 16, "images-idx3-ubyte", (f, d) -> predict(f));
        fuzz("IDX (gzip)", gzip(raw), 64, "images-idx3-ubyte.gz", (f, d) -> predict(f));
    }

    @Test
    void pngFolder() throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 28 * 28; i++) {
            image.getRaster().setSample(i % 28, i / 28, 0, i * 7 % 256);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        Damage crcs = new Damage(7);
        fuzz("PNG folder", png.toByteArray(), 64, "in/image.png", (f, d) -> {
            if (crcs.nextInt(2) == 0) {
                byte[] b = Files.readAllBytes(f);
                Damage.fixPngCrcs(b); // let the damage reach the decoder
                Files.write(f, b);
            }
            return predict(f.getParent());
        });
    }

    @Test
    void csvTable() throws Exception {
        byte[] seed = Files.readAllBytes(Path.of("..", "data", "delta", "boarding_school_1978.csv"));
        fuzz("CSV table", seed, seed.length, "table.csv", (f, d) -> List.of("delta", "fit", "--table", f.toString(),
                "--target", "in_bed", "--baseline", "sir", "--time", "day", "--population", "763", "--features",
                "day,sir_s,sir_i", "--test-last", "4", "--hidden", "4", "--epochs", "3", "--out", d.resolve("run").toString(),
                "--quiet"));
    }

    @Test
    void edgeList() throws Exception {
        byte[] seed = "u,v,w\n0,1,1.5\n1,2,2\n2,3,1\n# a comment\n3,0,0.5\n1,3,1\n".getBytes();
        fuzz("edge list", seed, seed.length, "graph.csv", (f, d) -> List.of("dynamics", "consensus", "--graph",
                f.toString(), "--steps", "20", "--quiet"));
    }

    @Test
    void matrix() throws Exception {
        byte[] seed = "a,b\n0.9,0.1\n-0.2,0.8\n".getBytes();
        fuzz("matrix", seed, seed.length, "a.csv", (f, d) -> List.of("dynamics", "feedback", "--a", f.toString(), "--b",
                Files.writeString(d.resolve("b.csv"), "b\n1\n0\n").toString(), "--k0",
                Files.writeString(d.resolve("k.csv"), "a,b\n0.5,0.5\n").toString(), "--scan", "101", "--quiet"));
    }

    @Test
    void adapterConfig() throws Exception {
        Path trained = shared.resolve("adapter-run");
        CliRun.Result r = CliRun.run("train", "--model", "resnet8", "--base", weights.toString(), "--adapter-rank", "2",
                "--limit", "32", "--batch", "32", "--epochs", "1", "--threads", "1", "--out", trained.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        Path adapter = trained.resolve(TrainCommand.ADAPTER_DIR);
        byte[] seed = Files.readAllBytes(adapter.resolve(dev.residuum.continual.PeftFormat.CONFIG));
        fuzz("adapter config", seed, seed.length, "adapter/" + dev.residuum.continual.PeftFormat.CONFIG, (f, d) -> {
            try (Stream<Path> s = Files.list(adapter)) {
                for (Path p : s.toList()) {
                    if (!p.getFileName().toString().equals(dev.residuum.continual.PeftFormat.CONFIG)) {
                        Files.copy(p, f.resolveSibling(p.getFileName()));
                    }
                }
            }
            return List.of("eval", "--weights", weights.toString(), "--adapter", f.getParent().toString(), "--limit", "32",
                    "--quiet");
        });
    }

    @Test
    void xyzGeometries() throws Exception {
        // the transfer set cut to 2 geometries of each training molecule and 1 of each test molecule,
        // so that each case fits in a moment
        Path data = Path.of("..", "data", "delta", "transfer");
        List<String> energies = Files.readAllLines(data.resolve("energies.csv"));
        List<String> kept = new ArrayList<>(energies.subList(0, 1));
        int train = 0;
        int test = 0;
        for (String row : energies.subList(1, energies.size())) {
            if (row.contains(",train,") && train++ % 30 == 0 || row.contains(",test,") && test++ % 6 == 0) {
                kept.add(row);
            }
        }
        List<String> ids = kept.stream().skip(1).map(l -> "molecule_id=" + l.substring(0, l.indexOf(','))).toList();
        List<String> xyz = Files.readAllLines(data.resolve("geometries.xyz"));
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < xyz.size(); ) {
            int n = Integer.parseInt(xyz.get(i).strip());
            String comment = xyz.get(i + 1);
            if (ids.stream().anyMatch(id -> comment.contains(id + " ") || comment.endsWith(id))) {
                for (int j = i; j < i + n + 2; j++) {
                    frames.append(xyz.get(j)).append('\n');
                }
            }
            i += n + 2;
        }
        byte[] seed = frames.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String table = String.join("\n", kept) + "\n";
        fuzz("XYZ geometries", seed, seed.length, "set/geometries.xyz", (f, d) -> {
            Files.writeString(f.resolveSibling("energies.csv"), table);
            return List.of("delta", "transfer", "--molecules", f.getParent().toString(), "--hidden", "4", "--epochs", "1",
                    "--out", d.resolve("run").toString(), "--quiet");
        });
    }

    @Test
    void trajectoryCsv() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("..", "data", "ode", "pendulum.csv")).subList(0, 41);
        byte[] seed = (String.join("\n", rows) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        fuzz("trajectory CSV", seed, seed.length, "traj.csv", (f, d) -> List.of("ode", "fit", "--data", f.toString(),
                "--state", "theta,omega", "--train-until", "1.5", "--hidden", "4", "--iterations", "2",
                "--out", d.resolve("run").toString(), "--quiet"));
    }

    @Test
    void checkpointJson() throws Exception {
        fuzzRunFile("checkpoint JSON", "checkpoint.json");
    }

    @Test
    void runArguments() throws Exception {
        fuzzRunFile("run arguments", "train-args.txt");
    }

    @Test
    void metricsLog() throws Exception {
        fuzzRunFile("metrics log", "metrics.jsonl");
    }

    /** A damaged file of a finished run, then {@code train --resume} (bounded to the seed run's size). */
    private void fuzzRunFile(String format, String name) throws Exception {
        byte[] seed = Files.readAllBytes(run.resolve(name));
        fuzz(format, seed, seed.length, "run/" + name, (f, d) -> {
            try (Stream<Path> s = Files.list(run)) {
                for (Path p : s.toList()) {
                    if (!p.getFileName().toString().equals(name)) {
                        Files.copy(p, f.resolveSibling(p.getFileName()));
                    }
                }
            }
            return List.of("train", "--resume", "--epochs", "1", "--limit", "32", "--batch", "32", "--threads", "1",
                    "--out", f.getParent().toString());
        });
    }

    private void fuzz(String format, byte[] seed, int hot, String name, Reader reader) throws Exception {
        Damage damage = new Damage(format.hashCode());
        Map<String, Integer> outcome = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Files.createDirectories(seedDir.resolve(name).getParent());
        Files.write(seedDir.resolve(name), seed);
        CliRun.Result valid = inProcess(reader.args(seedDir.resolve(name), seedDir));
        assertEquals(0, valid.status(), format + ": the undamaged seed is read: " + valid.err());
        deleteTree(seedDir);
        for (int i = 0; i < CASES && bad.size() < 5 && bad.stream().noneMatch(b -> b.contains("a hang")); i++) {
            Path caseDir = Files.createDirectories(tmp.resolve(format.replaceAll("\\W", "") + i));
            Path file = caseDir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, damage.of(seed, hot));
            List<String> args = reader.args(file, caseDir);
            String verdict = judge(inProcess(args), file);
            if (i < LAUNCHER) {
                String viaLauncher = judge(launcher(args, caseDir), file);
                outcome.merge("launcher " + viaLauncher, 1, Integer::sum);
                if (viaLauncher.startsWith("BAD")) {
                    bad.add("launcher case " + i + ": " + viaLauncher);
                }
            }
            outcome.merge(verdict.startsWith("BAD") ? "BAD" : verdict, 1, Integer::sum);
            if (verdict.startsWith("BAD")) {
                bad.add("case " + i + " (" + String.join(" ", args) + "): " + verdict);
            }
            deleteTree(caseDir);
        }
        System.out.println("fuzz " + format + ": " + outcome);
        if (!bad.isEmpty()) {
            fail(format + ": " + String.join("\n", bad));
        }
        assertTrue(outcome.keySet().stream().anyMatch(k -> k.startsWith("exit 2")), "some damage is detected: " + outcome);
    }

    /**
     * "exit 0", "exit 2, one line naming the file", "exit 2, one line" (an error line that names
     * neither the file nor its folder, counted apart), or "BAD ..." with what went wrong. Only error
     * lines ({@code "residuum: ..."}, warnings excepted) count; progress before the error may show.
     */
    private static String judge(CliRun.Result r, Path file) {
        List<String> errors = r.err().lines().filter(l -> l.startsWith("residuum: ") && !l.startsWith("residuum: warning")
                && !l.contains("BLAS backend")).toList();
        if (r.err().contains("\tat ") || r.err().contains("Exception in thread")) {
            return "BAD: a stack trace: " + r.err();
        }
        if (r.status() == 0) {
            return "exit 0";
        }
        if (r.status() != 2) {
            return "BAD: exit " + r.status() + ": " + r.err();
        }
        if (errors.size() != 1) {
            return "BAD: exit 2 with " + errors.size() + " error lines: " + r.err();
        }
        return errors.get(0).contains(file.getParent().toString()) ? "exit 2, one line naming the file"
                : "exit 2, one line: " + errors.get(0).replaceAll("/tmp/\\S*", "PATH").replaceAll("[0-9]+", "N");
    }

    /**
     * Runs the CLI in a new daemon thread with stdout and stderr captured (as {@link CliRun} does,
     * but without its lock, which a hung case would hold for good); a case past {@value #SECONDS} s
     * is a hang, and its thread is left behind.
     */
    private static CliRun.Result inProcess(List<String> args) throws Exception {
        java.util.concurrent.FutureTask<CliRun.Result> task = new java.util.concurrent.FutureTask<>(() -> {
            java.io.PrintStream out = System.out, err = System.err;
            ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
            try {
                System.setOut(new java.io.PrintStream(o, true, java.nio.charset.StandardCharsets.UTF_8));
                System.setErr(new java.io.PrintStream(e, true, java.nio.charset.StandardCharsets.UTF_8));
                int status = Main.run(args.toArray(new String[0]));
                return new CliRun.Result(status, o.toString(java.nio.charset.StandardCharsets.UTF_8),
                        e.toString(java.nio.charset.StandardCharsets.UTF_8));
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        });
        Thread thread = new Thread(task, "fuzz-case");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            return new CliRun.Result(-1, "", "a hang: no end within " + SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            return new CliRun.Result(-1, "", "\tat " + e.getCause()); // an error escaped Main.run
        }
    }

    private static CliRun.Result launcher(List<String> args, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of("..", "bin", "residuum").toAbsolutePath().toString()));
        cmd.addAll(args);
        Path err = dir.resolve("launcher.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile())
                .start();
        if (!p.waitFor(SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new CliRun.Result(-1, "", "a hang through the launcher");
        }
        return new CliRun.Result(p.exitValue(), "", Files.readString(err));
    }

    private static List<String> predict(Path input) {
        return List.of("predict", "--model", "resnet8", "--weights", weights.toString(), "--input", input.toString(),
                "--quiet");
    }

    private static String sample() throws IOException {
        return Idx.locate(DataSource.resolve(DataSource.SAMPLE).dir(), Idx.TEST + "-images-idx3-ubyte").toString();
    }

    private static byte[] idxBytes(int n) throws IOException {
        var images = Idx.readImages(Path.of(sample()), n);
        byte[] b = new byte[16 + n * 784];
        java.nio.ByteBuffer.wrap(b).putInt(Idx.IMAGES_MAGIC).putInt(n).putInt(28).putInt(28);
        for (int i = 0; i < n * 784; i++) {
            b[16 + i] = (byte) images.pixel(i / 784, i % 784 / 28, i % 28);
        }
        return b;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private static int headerLength(byte[] safetensors) {
        return 8 + (int) java.nio.ByteBuffer.wrap(safetensors, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
