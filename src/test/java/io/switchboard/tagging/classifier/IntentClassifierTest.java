package io.switchboard.tagging.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentClassifierTest {

    private static final String[] FILLER = {"please", "hi", "hello", "i", "need", "help", "with", "my", "the",
        "a", "today", "now", "can", "you", "urgent", "thanks", "again", "why", "is", "it"};

    private static final String[][] INTENTS = {
        {"card_arrival", "card", "arrive", "delivery", "post", "waiting"},
        {"top_up_failed", "topup", "failed", "declined", "balance", "add"},
        {"exchange_rate", "exchange", "rate", "currency", "euro", "dollar"},
        {"Refund_not_showing_up", "refund", "missing", "merchant", "returned", "statement"},
        {"reverted_card_payment?", "reverted", "payment", "cancelled", "shop", "back"},
        {"挂失", "丢了", "卡片", "被偷", "挂失", "冻结"},
    };

    private static List<LabeledExample> train;
    private static List<LabeledExample> heldOut;

    /** Synthetic separable data: each message has 2-3 keywords of its intent plus random filler. */
    static List<LabeledExample> synthetic(int perIntent, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LabeledExample> out = new ArrayList<>();
        for (int n = 0; n < perIntent; n++) {
            for (String[] intent : INTENTS) {
                StringBuilder sb = new StringBuilder();
                int words = 4 + rnd.nextInt(5);
                int keywords = 2 + rnd.nextInt(2);
                for (int w = 0; w < words; w++) {
                    if (w < keywords) {
                        sb.append(intent[1 + rnd.nextInt(intent.length - 1)]);
                    } else {
                        sb.append(FILLER[rnd.nextInt(FILLER.length)]);
                    }
                    sb.append(' ');
                }
                // shuffle word order a little by rotating
                String[] parts = sb.toString().trim().split(" ");
                int rot = rnd.nextInt(parts.length);
                StringBuilder msg = new StringBuilder();
                for (int i = 0; i < parts.length; i++) {
                    msg.append(i == 0 ? "" : " ").append(parts[(i + rot) % parts.length]);
                }
                out.add(new LabeledExample(msg.toString(), intent[0]));
            }
        }
        return out;
    }

    @BeforeAll
    static void data() {
        train = synthetic(40, 1);
        heldOut = synthetic(20, 2);
    }

    @Test
    void shouldLearnSmallSeparableDataset() {
        IntentClassifier model = new IntentClassifierTrainer().train(train);
        assertEquals(INTENTS.length, model.labels().size());
        assertEquals(1.0, Evaluation.of(model, train).accuracy(), 1e-9);
        assertEquals(1.0, Evaluation.of(model, heldOut).accuracy(), 1e-9);
        Prediction p = model.predict("my refund is still missing from the statement", 3);
        assertEquals("Refund_not_showing_up", p.label());
        assertTrue(p.confidence() > 0.5, "confidence " + p.confidence());
        assertEquals("挂失", model.predict("我的卡片丢了").label());
        assertEquals("reverted_card_payment?", model.predict("THE PAYMENT WAS REVERTED").label());
        assertEquals("exchange_rate", model.predict("ｅｘｃｈａｎｇｅ ｒａｔｅ ｅｕｒｏ").label()); // full-width
    }

    @Test
    void shouldReturnSortedTopKWithProbabilities() {
        IntentClassifier model = new IntentClassifierTrainer().train(train);
        Prediction p = model.predict("topup declined", 4);
        assertEquals(4, p.topK().size());
        assertEquals(p.label(), p.topK().get(0).label());
        assertEquals(p.confidence(), p.topK().get(0).probability());
        double sum = 0;
        for (int i = 0; i < p.topK().size(); i++) {
            ScoredLabel s = p.topK().get(i);
            assertTrue(s.probability() >= 0 && s.probability() <= 1);
            sum += s.probability();
            if (i > 0) {
                assertTrue(p.topK().get(i - 1).margin() >= s.margin());
            }
        }
        assertTrue(sum <= 1.0 + 1e-9);
        assertEquals(INTENTS.length, model.predict("topup", 100).topK().size());
        assertEquals(1, model.predict("", 1).topK().size()); // empty message still answers
    }

    @Test
    void shouldBeReproducibleForSameSeed() {
        TrainerConfig cfg = TrainerConfig.defaults().withSeed(123);
        byte[] a = new IntentClassifierTrainer(FeatureConfig.defaults(), cfg).train(train).toBytes();
        byte[] b = new IntentClassifierTrainer(FeatureConfig.defaults(), cfg).train(train).toBytes();
        byte[] threaded = new IntentClassifierTrainer(FeatureConfig.defaults(), cfg.withThreads(2)).train(train).toBytes();
        assertArrayEquals(a, b);
        assertArrayEquals(a, threaded);
        IntentClassifier m1 = new IntentClassifierTrainer(FeatureConfig.defaults(), cfg).train(train);
        IntentClassifier m2 = new IntentClassifierTrainer(FeatureConfig.defaults(), cfg).train(train);
        for (LabeledExample e : heldOut) {
            assertArrayEquals(m1.scores(e.text()), m2.scores(e.text()));
        }
    }

    @Test
    void shouldRoundTripThroughModelFile(@TempDir Path dir) throws IOException {
        IntentClassifier model = new IntentClassifierTrainer().train(train);
        Path file = dir.resolve("intent.model");
        model.save(file);
        IntentClassifier loaded = IntentClassifier.load(file);
        assertEquals(model.labels(), loaded.labels());
        assertEquals(model.featureConfig(), loaded.featureConfig());
        assertEquals(model.temperature(), loaded.temperature());
        for (LabeledExample e : heldOut) {
            assertArrayEquals(model.scores(e.text()), loaded.scores(e.text()));
            assertEquals(model.predict(e.text(), 3), loaded.predict(e.text(), 3));
        }
        assertArrayEquals(Files.readAllBytes(file), loaded.toBytes());
    }

    @Test
    void shouldRejectCorruptOrForeignModelFiles() {
        byte[] bytes = new IntentClassifierTrainer().train(train).toBytes();
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        assertThrows(IOException.class, () -> IntentClassifier.read(new ByteArrayInputStream(flipped)));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 10);
        assertThrows(IOException.class, () -> IntentClassifier.read(new ByteArrayInputStream(truncated)));
        byte[] foreign = "text,category\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> IntentClassifier.read(new ByteArrayInputStream(foreign)));
    }

    @Test
    void shouldComputeAccuracyAndMacroF1() {
        Evaluation ev = Evaluation.of(List.of("a", "a", "b", "c"), List.of("a", "b", "b", "b"));
        assertEquals(0.5, ev.accuracy(), 1e-12);
        // F1: a = 2/3, b = 2*1/(2+2+0) = 0.5, c = 0
        assertEquals((2.0 / 3 + 0.5 + 0) / 3, ev.macroF1(), 1e-12);
    }
}
