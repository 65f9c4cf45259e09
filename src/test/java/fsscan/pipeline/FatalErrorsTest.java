package fsscan.pipeline;

import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Out of memory in a stage becomes an ordinary failure with a line a person can act on. */
class FatalErrorsTest {

    @Test
    void outOfMemoryInAStageIsAFailureThatSaysWhatToDo() {
        FatalErrors.reset();
        Behavior<String> stage = Behaviors.receiveMessage(msg -> {
            if (msg.equals("big")) {
                throw new OutOfMemoryError("Java heap space");
            }
            return Behaviors.same();
        });
        BehaviorTestKit<String> kit = BehaviorTestKit.create(FatalErrors.watched(stage));
        kit.run("small");
        ImportFailedException e = assertThrows(ImportFailedException.class, () -> kit.run("big"));
        assertEquals(FatalErrors.outOfMemoryAdvice(), e.getMessage());
        assertTrue(e.getMessage().startsWith("ran out of memory (the Java heap is ") && e.getMessage().contains("FSSCAN_JAVA_OPTS"),
                e.getMessage());
        assertTrue(FatalErrors.last() instanceof OutOfMemoryError, "the runner can tell what stopped the import");
        FatalErrors.reset();
    }
}
