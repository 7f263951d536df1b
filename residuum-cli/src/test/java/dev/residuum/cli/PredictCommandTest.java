package dev.residuum.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.IdxImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code residuum predict} on the shipped sample's test images with the ResNet-20 fixture of
 * residuum-core: the same classes as {@code eval}, the same probabilities from PNGs of the same
 * images, and one-line errors for bad input.
 */
class PredictCommandTest {
    @TempDir
    Path dir;

    private Path weights;
    private Path sampleImages;

    /** Holds the weights of a short training run on the sample, shared by the tests (trained once). */
    @TempDir
    static Path shared;

    @BeforeAll
    static void train() {
        CliRun.Result r = CliRun.run("train", "--model", "resnet8", "--limit", "512", "--batch", "64", "--epochs", "2",
                "--schedule", "constant", "--lr", "0.05", "--seed", "5", "--out", shared.resolve("run").toString());
        assertEquals(0, r.status(), r.err());
    }

    @BeforeEach
    void setUp() throws IOException {
        weights = Files.copy(shared.resolve("run").resolve("model.safetensors"), dir.resolve("resnet8.safetensors"));
        sampleImages = Idx.locate(DataSource.resolve(DataSource.SAMPLE).dir(), Idx.TEST + "-images-idx3-ubyte");
    }

    @Test
    void predictedClassesAreEvalsOnTheShippedSample() throws IOException {
        int n = 1000;
        Path logits = dir.resolve("logits.csv");
        CliRun.Result eval = CliRun.run("eval", "--model", "resnet8", "--weights", weights.toString(), "--data", sampleImages.getParent().toString(), "--limit", "" + n,
                "--logits", logits.toString());
        assertEquals(0, eval.status(), eval.err());
        Path probs = dir.resolve("probs.csv");
        CliRun.Result predict = CliRun.run("predict", "--model", "resnet8", "--weights", weights.toString(), "--input",
                sampleImages.toString(), "--out", probs.toString(), "--batch", "100", "--json");
        assertEquals(0, predict.status(), predict.err());
        assertEquals(n, predict.number("images"));
        List<String> rows = Files.readAllLines(probs);
        assertEquals("file_or_index,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9,predicted", rows.get(0));
        assertEquals(n + 1, rows.size());
        List<String> evalRows = Files.readAllLines(logits);
        int[] classes = new int[10];
        for (int i = 0; i < n; i++) {
            String[] cells = rows.get(i + 1).split(",");
            assertEquals(Integer.toString(i), cells[0]);
            double sum = 0;
            for (int k = 1; k <= 10; k++) {
                sum += Double.parseDouble(cells[k]);
            }
            assertEquals(1, sum, 1e-4, rows.get(i + 1));
            int predicted = Integer.parseInt(cells[11]);
            assertEquals(argmax(evalRows.get(i)), predicted, "image " + i);
            classes[predicted]++;
        }
        assertTrue(Arrays.stream(classes).filter(c -> c > 0).count() >= 5, "a trained model: " + Arrays.toString(classes));
    }

    @Test
    void pngsOfTheSameImagesGiveTheSameProbabilitiesGreyRgbOrTwiceTheSize() throws IOException {
        IdxImages idx = Idx.readImages(sampleImages, 6);
        Path grey = Files.createDirectories(dir.resolve("grey"));
        Path rgb = Files.createDirectories(dir.resolve("rgb-large"));
        for (int i = 0; i < idx.count(); i++) {
            BufferedImage g = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage c = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int p = idx.pixel(i, y, x);
                    g.getRaster().setSample(x, y, 0, p);
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            c.setRGB(2 * x + dx, 2 * y + dy, p << 16 | p << 8 | p);
                        }
                    }
                }
            }
            ImageIO.write(g, "png", grey.resolve("img" + i + ".png").toFile());
            ImageIO.write(c, "png", rgb.resolve("img" + i + ".png").toFile());
        }
        Files.writeString(grey.resolve("notes.txt"), "not an image: ignored");
        Path six = dir.resolve("six-images-idx3-ubyte");
        byte[] idxBytes = new byte[16 + 6 * 28 * 28];
        java.nio.ByteBuffer.wrap(idxBytes).putInt(Idx.IMAGES_MAGIC).putInt(6).putInt(28).putInt(28);
        for (int i = 0; i < 6 * 28 * 28; i++) {
            idxBytes[16 + i] = (byte) idx.pixel(i / 784, i % 784 / 28, i % 28);
        }
        Files.write(six, idxBytes);
        List<String> fromIdx = predict(six); // the same batch of six: the same kernels, the same rounding
        List<String> fromGrey = predict(grey);
        List<String> fromRgb = predict(rgb);
        assertEquals(7, fromGrey.size(), fromGrey.toString());
        for (int i = 1; i <= 6; i++) {
            assertTrue(fromGrey.get(i).startsWith("img" + (i - 1) + ".png,"), fromGrey.get(i));
            assertEquals(values(fromIdx.get(i)), values(fromGrey.get(i)), "grey PNG " + i + " is the IDX image");
            assertEquals(values(fromGrey.get(i)), values(fromRgb.get(i)), "RGB 56x56 PNG " + i + " is the grey 28x28");
        }
    }

    @Test
    void badInputExitsTwoWithOneLine() throws IOException {
        Path png = Files.createDirectories(dir.resolve("bad-png"));
        Files.write(png.resolve("broken.png"), Arrays.copyOf(Files.readAllBytes(weights), 100));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path notIdx = Files.writeString(dir.resolve("images.txt"), "hello");
        Path otherModel = weights;
        String[][] cases = {
                {"--model", "resnet8", "--weights", weights.toString(), "--input", dir.resolve("none").toString()},
                {"--model", "resnet8", "--weights", dir.resolve("none.safetensors").toString(), "--input",
                        sampleImages.toString()},
                {"--model", "resnet8", "--weights", weights.toString(), "--input", png.toString()},
                {"--model", "resnet8", "--weights", weights.toString(), "--input", empty.toString()},
                {"--model", "resnet8", "--weights", weights.toString(), "--input", notIdx.toString()},
                {"--model", "resnet20", "--weights", otherModel.toString(), "--input", sampleImages.toString()},
                {"--model", "resnet8", "--weights", sampleImages.toString(), "--input", sampleImages.toString()},
                {"--model", "resnet8", "--weights", weights.toString(), "--input", sampleImages.toString(), "--batch", "0"}};
        String[] expected = {"none", "none.safetensors", "broken.png", "empty", "images.txt", "resnet8.safetensors",
                "t10k-images", "--batch"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "predict";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            CliRun.Result r = CliRun.run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            List<String> lines = r.err().lines().filter(l -> l.startsWith("residuum: ")).toList();
            assertEquals(1, lines.size(), r.err());
            assertTrue(lines.get(0).contains(expected[i]), expected[i] + " in " + lines.get(0));
            assertFalse(r.err().contains("\tat "), r.err());
            assertEquals("", r.out(), "no results on stdout");
        }
    }

    @Test
    void withoutModelTheWeightsFileSaysWhichModelItHolds() {
        CliRun.Result inferred = CliRun.run("predict", "--weights", weights.toString(), "--input",
                sampleImages.toString(), "--quiet", "--json");
        assertEquals(0, inferred.status(), inferred.err());
        List<String> lines = inferred.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).contains("\"model\": \"resnet8\""), lines.get(lines.size() - 1));
        assertEquals(predict(sampleImages), lines.subList(0, lines.size() - 1), "the same CSV as with --model");
    }

    /** The CSV rows of predict on {@code input}, from stdout. */
    private List<String> predict(Path input) {
        CliRun.Result r = CliRun.run("predict", "--model", "resnet8", "--weights", weights.toString(), "--input",
                input.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().lines().allMatch(l -> l.contains("BLAS backend")), "--quiet: no progress: " + r.err());
        return r.out().lines().toList();
    }

    /** A row without its first cell. */
    private static String values(String row) {
        return row.substring(row.indexOf(','));
    }

    private static int argmax(String logitRow) {
        double[] v = Arrays.stream(logitRow.split(",")).mapToDouble(Double::parseDouble).toArray();
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    @Test
    void anIdxFileIsNormalisedBitForBitAsInTraining() throws IOException {
        float[] a = dev.residuum.data.UnlabelledImages.read(sampleImages, 1, 28, 28, 0.2860f, 0.3530f).images().data();
        float[] b = Idx.readSplit(sampleImages.getParent(), Idx.TEST, Idx.ALL, 0.2860f, 0.3530f).images().data();
        assertArrayEquals(b, a, "normalised exactly as in training");
    }
}
