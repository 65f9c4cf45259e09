package fsscan.pipeline;

import fsscan.scan.ParsedChunk;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParserSupervisionTest {

    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static final ImportSettings SETTINGS =
            new ImportSettings(1, 1 << 16, 1, 100, 1, 100, 1000, MalformedLimit.NONE, 1, 1, ImportSettings.Lines.DEFAULT);

    @org.junit.jupiter.api.BeforeAll
    static void failOnBoom() {
        System.setProperty(Parser.FAIL_ON_LINE_CONTAINING, "BOOM");
    }

    @AfterAll
    static void noMoreFailures() {
        System.clearProperty(Parser.FAIL_ON_LINE_CONTAINING);
    }

    private static Chunk chunk(long id, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new Chunk(id, b, b.length, false);
    }

    private static String file(String path) {
        return "<1> 1 2 0  s=10 a=0 u=1 g=1 p=-rw-r--r-- -- " + path + "\n";
    }

    @Test
    void aParserThatThrowsIsRestartedAndRedoesItsChunkLineByLine() {
        TestProbe<Accumulator.Command> accumulator = testKit.createTestProbe();
        TestProbe<Accumulator.Merged> reader = testKit.createTestProbe();
        ActorRef<Parser.Command> parser = testKit.spawn(Parser.create(accumulator.getRef(), SETTINGS, new ChunkBuffers(1 << 16), new Tracer(false)));

        parser.tell(new Parser.ParseChunk(chunk(7, file("/a/1") + file("/a/BOOM") + "[I] header\n" + file("/b/2")),
                reader.getRef()));
        Accumulator.ChunkParsed parsed = accumulator.expectMessageClass(Accumulator.ChunkParsed.class);
        ParsedChunk c = parsed.chunk();
        assertEquals(7, c.chunkId());
        assertEquals(4, c.lines());
        assertEquals(1, c.headerLines());
        assertEquals(2, c.fileLines(), "the two good files still count");
        assertEquals(1, c.malformedLines());
        assertEquals(1, c.rejects().get(0).lineInChunk());
        assertTrue(c.rejects().get(0).reason().contains("parser failed"), c.rejects().get(0).reason());
        assertEquals(reader.getRef(), parsed.ackTo());

        // The restarted parser keeps working on the fast path.
        parser.tell(new Parser.ParseChunk(chunk(8, file("/c/3")), reader.getRef()));
        ParsedChunk next = accumulator.expectMessageClass(Accumulator.ChunkParsed.class).chunk();
        assertEquals(8, next.chunkId());
        assertEquals(1, next.fileLines());
    }

    @Test
    void anOverlongLineIsOneRejectedLine() {
        TestProbe<Accumulator.Command> accumulator = testKit.createTestProbe();
        TestProbe<Accumulator.Merged> reader = testKit.createTestProbe();
        ActorRef<Parser.Command> parser = testKit.spawn(Parser.create(accumulator.getRef(), SETTINGS, new ChunkBuffers(1 << 16), new Tracer(false)));
        byte[] start = "<1> 1 2 0 s=1 u=1 p=- -- /very/long".getBytes(StandardCharsets.UTF_8);
        parser.tell(new Parser.ParseChunk(new Chunk(3, start, start.length, true), reader.getRef()));
        ParsedChunk c = accumulator.expectMessageClass(Accumulator.ChunkParsed.class).chunk();
        assertEquals(1, c.lines());
        assertEquals(1, c.malformedLines());
        assertTrue(c.rejects().get(0).reason().startsWith("line longer than"));
    }
}
