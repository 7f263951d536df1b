import dev.residuum.data.Augmentation;
import dev.residuum.data.DataSource;
import dev.residuum.data.Idx;
import dev.residuum.data.ImageSet;
import dev.residuum.kernel.Rng;
import dev.residuum.nn.residual.CifarResNet;
import dev.residuum.optim.LrSchedule;
import dev.residuum.optim.Sgd;
import dev.residuum.spark.DataParallel;
import dev.residuum.spark.Spark;
import dev.residuum.spark.SparkImageClassification;
import dev.residuum.spark.StepTimes;
import dev.residuum.spark.TrainingSet;
import dev.residuum.train.GradientSource;
import dev.residuum.train.Gradients;
import dev.residuum.train.OptimizerFactory;
import dev.residuum.train.SampleBatch;
import dev.residuum.train.Trainer;
import dev.residuum.train.TrainerConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Where a Spark step's time goes (docs/SPARK.md, "Overhead at local[1]"): ResNet-20 on the first N
 * Fashion-MNIST training images, one epoch at batch 128 in local[P], with Spark's own task metrics
 * and job timestamps beside DataParallel's split; then, in the same context, what an empty job, a
 * 1.08 MB broadcast and a job returning 1.08 MB cost by themselves. Run by scripts/spark-step-profile.sh.
 */
public final class SparkStepProfile {
    public static void main(String[] args) throws Exception {
        int parts = Integer.parseInt(args[0]), n = Integer.parseInt(args[1]);
        JavaSparkContext sc = Spark.start("local[" + parts + "]", "profile");
        AtomicLong tasks = new AtomicLong(), deserialize = new AtomicLong(), run = new AtomicLong(),
                serialize = new AtomicLong(), launchToFinish = new AtomicLong(), gc = new AtomicLong(),
                resultBytes = new AtomicLong(), jobs = new AtomicLong(), jobMs = new AtomicLong(),
                stepStart = new AtomicLong(), beforeJob = new AtomicLong(), jobStart = new AtomicLong(),
                jobEnd = new AtomicLong(), afterJob = new AtomicLong();
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                tasks.incrementAndGet();
                deserialize.addAndGet(e.taskMetrics().executorDeserializeTime());
                run.addAndGet(e.taskMetrics().executorRunTime());
                serialize.addAndGet(e.taskMetrics().resultSerializationTime());
                gc.addAndGet(e.taskMetrics().jvmGCTime());
                resultBytes.addAndGet(e.taskMetrics().resultSize());
                launchToFinish.addAndGet(e.taskInfo().finishTime() - e.taskInfo().launchTime());
            }

            @Override
            public void onJobStart(SparkListenerJobStart e) {
                jobStart.set(e.time());
                beforeJob.addAndGet(e.time() - stepStart.get());
            }

            @Override
            public void onJobEnd(SparkListenerJobEnd e) {
                jobs.incrementAndGet();
                jobMs.addAndGet(e.time() - jobStart.get());
                jobEnd.set(e.time());
            }
        });
        ImageSet train = DataSource.resolve("fashion-mnist").read(Idx.TRAIN, n);
        CifarResNet net = new CifarResNet(CifarResNet.Config.of("resnet20"), new Rng(1));
        TrainingSet data = TrainingSet.of(sc, train, parts).load();
        TrainerConfig config = new TrainerConfig(1, 128, OptimizerFactory.sgd(new Sgd.Config(0.1, 0.9, 0, 1e-4, false)),
                new LrSchedule.Constant(), true, 42, true, 0).withShards(parts);
        for (AtomicLong a : List.of(tasks, deserialize, run, serialize, launchToFinish, gc, resultBytes, jobs, jobMs, beforeJob)) {
            a.set(0);
        }
        try (DataParallel dp = new DataParallel(sc, data, () -> new CifarResNet(CifarResNet.Config.of("resnet20"), new Rng(0)),
                net, Augmentation.NONE)) {
            GradientSource<SampleBatch> timed = b -> {
                stepStart.set(System.currentTimeMillis());
                Gradients g = dp.gradients(b);
                afterJob.addAndGet(System.currentTimeMillis() - jobEnd.get());
                return g;
            };
            long t0 = System.nanoTime();
            new Trainer<>(new SparkImageClassification(net, train.size(), null, Augmentation.NONE, 256), config, timed).fit();
            double seconds = (System.nanoTime() - t0) / 1e9;
            StepTimes t = dp.times();
            long steps = t.steps(), k = tasks.get(), j = jobs.get();
            System.out.printf("local[%d], %d images: %.1f images/s; per step %.1f ms: broadcast %.1f, compute %.1f, job %.1f,"
                            + " aggregation %.1f%n", parts, n, n / seconds, t.millisPerStep(), 1e3 * t.broadcast() / steps,
                    1e3 * t.compute() / steps, 1e3 * t.job() / steps, 1e3 * t.aggregation() / steps);
            System.out.printf("Spark's view: job %.1f ms; per task: deserialise %.1f, run %.1f, result serialisation %.1f,"
                            + " launch to finish %.1f, GC %.1f ms, result %d bytes%n", (double) jobMs.get() / j,
                    (double) deserialize.get() / k, (double) run.get() / k, (double) serialize.get() / k,
                    (double) launchToFinish.get() / k, (double) gc.get() / k, resultBytes.get() / k);
            System.out.printf("step start to job start %.1f ms (broadcast included), job end to step end %.1f ms"
                    + " (aggregation included)%n", (double) beforeJob.get() / j, (double) afterJob.get() / j);
        }
        JavaRDD<Integer> one = sc.parallelize(List.of(1), 1).cache();
        one.count();
        for (int round = 0; round < 2; round++) {
            long e0 = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                one.map(x -> x + 1).collect();
            }
            long e1 = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                Broadcast<float[]> b = sc.broadcast(new float[270_829]);
                b.destroy(false);
            }
            long e2 = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                one.map(x -> new float[270_829]).collect();
            }
            long e3 = System.nanoTime();
            System.out.printf("round %d, by themselves: an empty job %.1f ms, a 1.08 MB broadcast %.1f ms, a job returning"
                    + " 1.08 MB %.1f ms%n", round + 1, (e1 - e0) / 40e6, (e2 - e1) / 40e6, (e3 - e2) / 40e6);
        }
        sc.stop();
    }
}
