package dev.residuum.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class EdgeListCsvTest {
    private static WeightedGraph parse(String text, boolean directed) throws IOException {
        return EdgeListCsv.read(new StringReader(text), "t.csv", directed);
    }

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> parse(text, false)).getMessage();
    }

    @Test
    void readsStringIdsWeightsAndHeader() throws IOException {
        WeightedGraph g = parse("source,target,weight\n# comment\nalice, bob ,2\nbob,carol,0.5\n\nalice,carol,1\n", false);
        assertEquals(3, g.nodes());
        assertEquals(3, g.edges());
        assertEquals("alice", g.label(0));
        assertEquals("carol", g.label(2));
        assertArrayEquals(new double[] {3, 2.5, 1.5}, g.outDegree(), 0);
        // CSR rows sorted by column, both directions stored
        assertArrayEquals(new int[] {0, 2, 4, 6}, g.rowStart());
        assertArrayEquals(new int[] {1, 2, 0, 2, 0, 1}, g.columns());
    }

    @Test
    void headerlessUnweightedDirected() throws IOException {
        WeightedGraph g = parse("1,2\n2,3\n3,1\n", true);
        assertTrue(g.directed());
        assertEquals(3, g.edges());
        assertArrayEquals(new double[] {1, 1, 1}, g.outDegree(), 0);
    }

    @Test
    void mergesEqualDuplicatesAndRejectsConflictingOnes() throws IOException {
        WeightedGraph g = parse("a,b\nb,a\nb,c\n", false);
        assertEquals(2, g.edges());
        assertTrue(error("a,b,1\nb,a,2\n").contains("listed twice with different weights"));
    }

    @Test
    void rejectsMalformedInputWithLineNumbers() {
        assertTrue(error("a,b\na,a\n").contains("line 2: self-loop"), error("a,b\na,a\n"));
        assertTrue(error("a,b,1\nb,c,-2\n").contains("line 2, column 3"));
        assertTrue(error("a,b,1\nb,c,x\n").contains("expected a weight"));
        assertTrue(error("a,b\nc\n").contains("line 2: expected 'u,v' or 'u,v,w'"));
        assertTrue(error("u,v\n# nothing\n").contains("no edges"));
        assertTrue(error("a,b,0\n").contains("finite positive"));
        assertTrue(error("a,,1\n").contains("empty node id"));
    }

    @Test
    void builtinGraphsHaveTheirPublishedSizes() {
        WeightedGraph karate = EdgeListCsv.builtin("karate", false);
        assertEquals(34, karate.nodes());
        assertEquals(78, karate.edges());
        WeightedGraph lesmis = EdgeListCsv.builtin("lesmis", false);
        assertEquals(77, lesmis.nodes());
        assertEquals(254, lesmis.edges());
        assertEquals(1, lesmis.components().count());
    }
}
