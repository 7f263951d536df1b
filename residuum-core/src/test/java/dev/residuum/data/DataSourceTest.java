package dev.residuum.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedSampleHolds2000TrainingAnd1000TestImages() throws IOException {
        DataSource s = DataSource.resolve("sample");
        assertEquals("sample", s.name());
        ImageSet train = s.read(Idx.TRAIN, Idx.ALL);
        ImageSet test = s.read(Idx.TEST, Idx.ALL);
        assertEquals(2000, train.size());
        assertEquals(1000, test.size());
        assertEquals("[2000, 1, 28, 28]", train.images().shape().toString().replace("(", "[").replace(")", "]"));
        int[] perClass = new int[10];
        for (int l : train.labels()) {
            perClass[l]++;
        }
        for (int c : perClass) {
            assertTrue(c > 150, "every class present: " + java.util.Arrays.toString(perClass));
        }
    }

    @Test
    void aFolderWithoutIdxFilesOrAMissingPathIsExplained() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> DataSource.resolve(tmp.toString()));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        NoSuchFileException f = assertThrows(NoSuchFileException.class,
                () -> DataSource.resolve(tmp.resolve("nope").toString()));
        assertTrue(f.getMessage().contains("'sample', 'fashion-mnist' or a folder"), f.getMessage());
    }
}
