package dev.residuum.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleParseTest {
    @Test
    void theCliSpellingsParseToTheSchedules() {
        assertEquals(LrSchedule.MultiStep.heEtAl(16), LrSchedule.parse(LrSchedule.DEFAULT, 16, 0));
        assertEquals(new LrSchedule.MultiStep(new int[] {8, 12}, 0.1), LrSchedule.parse("multistep", 16, 0));
        assertEquals(new LrSchedule.MultiStep(new int[] {4, 8}, 0.1), LrSchedule.parse(" MultiStep:0.25, 0.5", 16, 0));
        assertEquals(new LrSchedule.Constant(), LrSchedule.parse("constant", 3, 0));
        assertEquals(new LrSchedule.Warmup(2, 0.1, new LrSchedule.Cosine(8, 0)), LrSchedule.parse("cosine", 10, 2));
        assertEquals(new LrSchedule.MultiStep(new int[] {1, 2}, 0.1), LrSchedule.parse("multistep:0.1,0.2", 3, 0),
                "milestones at least one epoch apart");
    }

    @Test
    void badSpellingsNameTheOption() {
        for (String bad : new String[] {"step", "multistep:a,b", "multistep:0.5,1.5", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse(bad, 10, 0));
            assertTrue(e.getMessage().startsWith("--schedule"), bad + ": " + e.getMessage());
        }
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("cosine", 2, 2));
        assertTrue(w.getMessage().startsWith("--warmup-epochs"), w.getMessage());
    }
}
