package dev.residuum.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FriedkinJohnsenTest {
    @Test
    void twoAgentEquilibriumMatchesHandSolution() {
        // one edge, ε = 0.25: I − εL = [[.75, .25], [.25, .75]]; agent 0 fully stubborn (λ=0), agent 1 follows (λ=1)
        WeightedGraph g = WeightedGraph.fromEdges(TestGraphs.labels(2), new int[] {0}, new int[] {1}, null, false);
        FriedkinJohnsen fj = new FriedkinJohnsen(new Laplacian(g, LaplacianKind.COMBINATORIAL), new double[] {0, 1}, 0.25);
        // x0* = 1 (prejudice); x1* = .25·x0* + .75·x1*  ⇒  x1* = x0* = 1
        assertArrayEquals(new double[] {1, 1}, fj.equilibrium(new double[] {1, 5}), 1e-14);
        // half-susceptible agent 1: x1* = .5(.25·1 + .75 x1*) + .5·5 ⇒ x1*(1 − .375) = .125 + 2.5 ⇒ x1* = 4.2
        FriedkinJohnsen half = new FriedkinJohnsen(new Laplacian(g, LaplacianKind.COMBINATORIAL), new double[] {0, 0.5}, 0.25);
        assertArrayEquals(new double[] {1, 4.2}, half.equilibrium(new double[] {1, 5}), 1e-14);
    }

    @Test
    void simulationReachesTheClosedFormOnKarate() {
        WeightedGraph g = EdgeListCsv.builtin("karate", false);
        Laplacian lap = new Laplacian(g, LaplacianKind.COMBINATORIAL);
        double[] lambda = new double[g.nodes()];
        Arrays.fill(lambda, 0.9);
        lambda[0] = 0.2; // the instructor and the administrator are stubborn
        lambda[33] = 0.2;
        double[] x0 = ConsensusSimulation.randomInitial(g.nodes(), 11);
        FriedkinJohnsen fj = new FriedkinJohnsen(lap, lambda, 0.05);
        double[] closed = fj.equilibrium(x0);
        assertArrayEquals(closed, fj.simulate(x0, 3000), 1e-12);
        // the equilibrium is a fixed point of the step
        double[] next = new double[g.nodes()];
        fj.step(closed, x0, next);
        assertArrayEquals(closed, next, 1e-14);
    }

    @Test
    void fullySusceptibleNetworkWithoutStubbornAgentsHasNoUniqueEquilibrium() {
        WeightedGraph g = TestGraphs.path(4);
        double[] ones = {1, 1, 1, 1};
        FriedkinJohnsen fj = new FriedkinJohnsen(new Laplacian(g, LaplacianKind.COMBINATORIAL), ones, 0.3);
        assertThrows(IllegalArgumentException.class, () -> fj.equilibrium(new double[] {1, 2, 3, 4}));
        // and it reduces to plain consensus: the average
        double[] x = fj.simulate(new double[] {1, 2, 3, 4}, 2000);
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, x, 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new FriedkinJohnsen(new Laplacian(g, LaplacianKind.COMBINATORIAL), new double[] {1, 1, 2, 1}, 0.3));
        assertEquals(4, x.length);
    }
}
