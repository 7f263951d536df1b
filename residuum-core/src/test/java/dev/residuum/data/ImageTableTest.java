package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageTable} against the IDX files it was written from, and {@link Idx#readSplit}'s range. */
class ImageTableTest {
    private static final Path TABLES = Path.of("src/test/resources/images-csv");

    @TempDir
    Path tmp;

    @Test
    void theTableReadsBackAsTheIdxImagesBitForBit() throws IOException {
        Path sample = DataSource.resolve("sample").dir();
        assertEquals(12, ImageTable.count(ImageTable.file(TABLES, Idx.TRAIN)));
        ImageSet idx = Idx.readSplit(sample, Idx.TRAIN, 3, 11, FashionMnist.MEAN, FashionMnist.STD);
        ImageSet csv = ImageTable.read(ImageTable.file(TABLES, Idx.TRAIN), 3, 11, FashionMnist.MEAN, FashionMnist.STD);
        assertArrayEquals(new int[] {8, 1, 28, 28}, csv.images().shape().dims());
        assertArrayEquals(idx.images().data(), csv.images().data(), 0f);
        assertArrayEquals(idx.labels(), csv.labels());
        ImageSet first = Idx.readSplit(sample, Idx.TRAIN, 11, FashionMnist.MEAN, FashionMnist.STD);
        assertArrayEquals(java.util.Arrays.copyOfRange(first.labels(), 3, 11), idx.labels());
        assertEquals(2000, Idx.count(sample, Idx.TRAIN));
    }

    @Test
    void badTablesFailWithOneLineNamingLineAndColumn() throws IOException {
        Path bad = Files.writeString(tmp.resolve("train.csv"), "label,a,b,c,d\n1,0,0,0,0\n2,0,300,0,0\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> ImageTable.read(bad, 0, 2, 0, 1));
        assertEquals(bad + ": line 3, column 3: '300' is not an integer in 0..255", e.getMessage());
        assertThrows(CsvFormatException.class, () -> ImageTable.read(bad, 1, 3, 0, 1)); // past the end
        Path odd = Files.writeString(tmp.resolve("t10k.csv"), "label,a,b,c\n1,0,0,0\n");
        assertThrows(CsvFormatException.class, () -> ImageTable.count(odd)); // 3 pixels: not a square
        assertEquals(1, ImageTable.read(bad, 0, 1, 0, 1).size());
    }
}
