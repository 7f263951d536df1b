package dev.residuum.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DataParallel} in {@code local[4]}: the single-process result with four micro-batches,
 * whether the shards come from the driver or the executors read them (IDX or CSV).
 */
class DataParallelLocal4Test {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = Spark.start("local[4]", "DataParallelLocal4Test");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void batchNormModelEqualsSingleProcessFourMicroBatches() throws IOException {
        Module fourMicroBatches = DataParallelCase.local(DataParallelCase::resnet8, 4, 4);
        DataParallelCase.assertClose(fourMicroBatches,
                DataParallelCase.spark(sc, DataParallelCase::resnet8, 4, FailureInjection.NONE), 1e-5);
        // the executors read the IDX folder themselves (a file:// URI, as an hdfs:// one would be read)
        String uri = DataSource.resolve("sample").dir().toUri().toString();
        ImageFiles files = ImageFiles.locate(uri);
        assertEquals(ImageFiles.Format.IDX, files.format());
        DataParallelCase.assertClose(fourMicroBatches, DataParallelCase.spark(sc, DataParallelCase::resnet8,
                TrainingSet.read(sc, files, DataParallelCase.TRAIN.size(), 4), FailureInjection.NONE), 1e-5);
    }

    @Test
    void aCsvTableOfImagesGivesThePartitionsOfTheIdxFiles() throws IOException {
        ImageFiles csv = ImageFiles.locate(Path.of("../residuum-core/src/test/resources/images-csv").toAbsolutePath()
                .toUri().toString());
        assertEquals(ImageFiles.Format.CSV, csv.format());
        ImageFiles idx = ImageFiles.locate(DataSource.resolve("sample").dir().toString());
        List<ImageShard> a = TrainingSet.read(sc, csv, Idx.ALL, 4).partitions().collect();
        List<ImageShard> b = TrainingSet.read(sc, idx, 12, 4).partitions().collect();
        assertEquals(4, a.size());
        for (int k = 0; k < 4; k++) {
            assertEquals(3 * k, a.get(k).first());
            assertEquals(3, a.get(k).size());
            assertArrayEquals(b.get(k).images(), a.get(k).images(), 0f, "shard " + k);
            assertArrayEquals(b.get(k).labels(), a.get(k).labels(), "shard " + k);
        }
        assertEquals(4, csv.read(Idx.TEST, 0, 4).size());
    }
}
