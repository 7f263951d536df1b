package dev.residuum.manifold.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.residuum.manifold.Sphere;
import dev.residuum.train.TrainingListener;
import org.junit.jupiter.api.Test;

/** The learnt flow on S² carries the polar band onto the equatorial one and never leaves the sphere. */
class SphereFlowTest {
    @Test
    void theBandsAreWhereTheirDefinitionPutsThem() {
        double[][] b = SphereFlow.bands(200, 3);
        Sphere s = new Sphere(3);
        assertTrue(s.membershipError(b[0]) < 1e-12 && s.membershipError(b[1]) < 1e-12);
        for (int i = 0; i < 200; i++) {
            double source = Math.acos(b[0][3 * i + 2]);
            double target = Math.acos(b[1][3 * i + 2]);
            assertTrue(source >= SphereFlow.SOURCE_FROM - 1e-12 && source <= SphereFlow.SOURCE_TO + 1e-12, "source " + i);
            assertEquals(source + SphereFlow.LATITUDE_SHIFT, target, 1e-9, "target " + i);
        }
    }

    @Test
    void trainingCarriesTheCloudOntoItsTargetOnTheSphere() {
        SphereFlow.Result r = SphereFlow.run(new SphereFlow.Config(128, 4, 16, 60, 32, 2e-2, 11), new TrainingListener() {
        });
        // the untrained stack is the identity: the error is the distance between the bands' pairs
        assertEquals(SphereFlow.meanError(r.source(), r.target()), r.errorBefore(), 1e-5);
        assertTrue(r.errorBefore() > 1.0, "before " + r.errorBefore());
        assertTrue(r.errorAfter() < 0.1 * r.errorBefore(), "after " + r.errorAfter() + " vs before " + r.errorBefore());
        assertTrue(r.sphereError() <= 1e-6, "off the sphere by " + r.sphereError());
        assertEquals(5, r.trajectory().size());
        assertTrue(r.epochLoss()[r.epochLoss().length - 1] < r.epochLoss()[0]);
    }
}
