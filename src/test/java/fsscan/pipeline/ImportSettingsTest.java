package fsscan.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportSettingsTest {

    /** auto: a quarter of the cores as a power of two, at least 1 and at most 4; a number as given. */
    @Test
    void accumulatorThreadsAutoFollowsTheCores() {
        assertEquals(1, ImportSettings.accumulatorThreads("auto", 1));
        assertEquals(1, ImportSettings.accumulatorThreads("auto", 2));
        assertEquals(2, ImportSettings.accumulatorThreads("auto", 8));
        assertEquals(2, ImportSettings.accumulatorThreads("auto", 12));
        assertEquals(4, ImportSettings.accumulatorThreads("auto", 16));
        assertEquals(4, ImportSettings.accumulatorThreads(" AUTO ", 128));
        assertEquals(8, ImportSettings.accumulatorThreads("8", 2));
    }

    @Test
    void accumulatorThreadsMustBeAPowerOfTwo() {
        for (String bad : new String[] {"3", "0", "128", "two"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImportSettings.fromConfig(FsscanConfig.load(), Map.of("accumulator-threads", bad), 2,
                            ImportSettings.Lines.DEFAULT), bad);
            assertTrue(e.getMessage().contains("accumulator-threads must be auto or a power of two"), e.getMessage());
        }
        assertEquals(2, ImportSettings.fromConfig(FsscanConfig.load(), Map.of("accumulator-threads", "2"), 2,
                ImportSettings.Lines.DEFAULT).accumulatorThreads());
    }
}
