package dev.residuum.data;

import dev.residuum.tensor.Shape;
import dev.residuum.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of PNG files (names ending in {@code .png}, any case; other files are ignored) read
 * with {@code javax.imageio} into a model's input, as {@link UnlabelledImages#read} describes.
 *
 * <p>Each file is checked before it is decoded: the PNG signature, every chunk inside the file
 * with a matching CRC, an {@code IHDR} first and an {@code IEND} last, and at most
 * {@link #MAX_PIXELS} pixels; so a damaged or hostile file fails with a one-line
 * {@link ImageFormatException} naming it, and what is allocated is bounded by the file's real
 * size and by {@link #MAX_PIXELS}, never by a length the file merely claims.
 */
public final class PngFolder {
    /** Largest image accepted, in pixels (4096 x 4096). */
    public static final long MAX_PIXELS = 4096L * 4096L;
    /** Largest file accepted, in bytes. */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngFolder() {
    }

    /**
     * Reads every PNG of {@code dir}, in file-name order.
     *
     * @throws ImageFormatException if a PNG is damaged or too large, or the folder holds no PNG
     */
    static UnlabelledImages read(Path dir, int channels, int height, int width, float mean, float std)
            throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .filter(Files::isRegularFile).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new ImageFormatException(dir, "holds no .png file; give a folder of PNG images or an IDX image file");
        }
        int size = channels * height * width;
        if ((long) files.size() * size > Integer.MAX_VALUE - 8) {
            throw new ImageFormatException(dir, files.size() + " images of " + channels + "x" + height + "x" + width
                    + " are more values than one array holds; split the folder");
        }
        float[] out = new float[files.size() * size];
        List<String> names = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            BufferedImage image = decode(file);
            int h = image.getHeight(), w = image.getWidth();
            float[] planes = channels(image, channels);
            float[] resized = Bilinear.resize(planes, channels, h, w, height, width);
            UnlabelledImages.normalise(resized, out, i * size, mean, std);
            names.add(file.getFileName().toString());
        }
        return new UnlabelledImages(names, Tensor.wrap(out, Shape.of(files.size(), channels, height, width)));
    }

    /** Checks the file's structure, then decodes it. */
    static BufferedImage decode(Path file) throws IOException {
        long length = Files.size(file);
        if (length > MAX_FILE_BYTES) {
            throw new ImageFormatException(file, "is " + length + " bytes, more than the " + MAX_FILE_BYTES
                    + " accepted for one image");
        }
        byte[] bytes = Files.readAllBytes(file);
        checkChunks(file, bytes);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageFormatException(file, "no image reader accepts it; not a PNG");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new ImageFormatException(file, "is " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels, more than the " + MAX_PIXELS + " accepted; shrink it first");
                }
                BufferedImage image = reader.read(0);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new ImageFormatException(file, "decodes to no image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) { // the decoder's own complaint about damaged data
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ImageFormatException(file, "cannot be decoded as a PNG (" + why.replaceAll("\\s+", " ") + ")");
        }
    }

    /** Signature, chunk lengths within the file, CRCs, IHDR first, IEND last. */
    private static void checkChunks(Path file, byte[] b) throws ImageFormatException {
        if (b.length < SIGNATURE.length + 12 || !java.util.Arrays.equals(b, 0, SIGNATURE.length, SIGNATURE, 0,
                SIGNATURE.length)) {
            throw new ImageFormatException(file, "does not start with the PNG signature; not a PNG file");
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        int at = SIGNATURE.length;
        boolean first = true;
        while (true) {
            if (b.length - at < 12) {
                throw new ImageFormatException(file, "truncated: ends after " + b.length + " bytes, before the IEND chunk");
            }
            long len = buf.getInt(at) & 0xffffffffL;
            String type = new String(b, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (len > b.length - at - 12L) {
                throw new ImageFormatException(file, "chunk at byte " + at + " declares " + len + " bytes, past the end of"
                        + " the file (" + b.length + " bytes); the file is truncated or damaged");
            }
            CRC32 crc = new CRC32();
            crc.update(b, at + 4, 4 + (int) len);
            long stored = buf.getInt(at + 8 + (int) len) & 0xffffffffL;
            if (crc.getValue() != stored) {
                throw new ImageFormatException(file, "chunk at byte " + at + " fails its CRC check; the file is damaged");
            }
            if (first && !type.equals("IHDR")) {
                throw new ImageFormatException(file, "the first chunk is not IHDR; not a valid PNG");
            }
            first = false;
            at += 12 + (int) len;
            if (type.equals("IEND")) {
                return;
            }
        }
    }

    /** The image as {@code [channels, h, w]} values in [0, 1]. */
    private static float[] channels(BufferedImage image, int channels) {
        int h = image.getHeight(), w = image.getWidth();
        float[] out = new float[channels * h * w];
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean grey = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && bands <= 2 && image.getColorModel().getComponentSize(0) <= 16;
        float max = grey ? (float) ((1 << image.getColorModel().getComponentSize(0)) - 1) : 255f;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int k = y * w + x;
                if (grey) { // the stored grey level, without getRGB's colour-space conversion
                    float v = raster.getSample(x, y, 0) * 255f / max;
                    for (int c = 0; c < channels; c++) {
                        out[c * h * w + k] = v / 255f;
                    }
                } else {
                    int rgb = image.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, bl = rgb & 0xff;
                    if (channels == 1) {
                        out[k] = (299f * r + 587f * g + 114f * bl) / 1000f / 255f;
                    } else {
                        out[k] = r / 255f;
                        out[h * w + k] = g / 255f;
                        out[2 * h * w + k] = bl / 255f;
                    }
                }
            }
        }
        return out;
    }
}
