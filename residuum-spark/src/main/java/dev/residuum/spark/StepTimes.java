package dev.residuum.spark;

/**
 * Where the driver's steps spent their time, summed over the steps so far (seconds).
 *
 * @param steps steps measured
 * @param broadcast making the step's weights snapshot and its broadcast on the driver
 * @param compute the slowest task's forward and backward, per step
 * @param job the rest of the job: scheduling, task launch, fetching the broadcast, shipping the
 *     results back (the job's wall time minus {@code compute})
 * @param aggregation summing the partial gradients and averaging the buffers on the driver
 * @param bytesBroadcast weights broadcast, summed
 */
public record StepTimes(long steps, double broadcast, double compute, double job, double aggregation,
                       long bytesBroadcast) {
    /** No step yet. */
    public static final StepTimes NONE = new StepTimes(0, 0, 0, 0, 0, 0);

    /** These plus one more step. */
    StepTimes plus(double broadcastS, double computeS, double jobS, double aggregationS, long bytes) {
        return new StepTimes(steps + 1, broadcast + broadcastS, compute + computeS, job + jobS,
                aggregation + aggregationS, bytesBroadcast + bytes);
    }

    /** Wall time per step spent in the data-parallel step (ms, all parts). */
    public double millisPerStep() {
        return steps == 0 ? Double.NaN : 1e3 * (broadcast + compute + job + aggregation) / steps;
    }
}
