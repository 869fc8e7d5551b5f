package io.switchboard.tagging.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvParsingTest {

    private static List<LabeledExample> parse(String rows) throws IOException {
        return LabeledCsv.read(new StringReader("text,label\n" + rows), "inline");
    }

    @Test
    void shouldSplitPlainFieldsAndIgnoreExtraColumns() throws IOException {
        List<LabeledExample> rows = parse("a,b,c\n1,2,3\n");
        assertEquals(List.of(new LabeledExample("a", "b"), new LabeledExample("1", "2")), rows);
    }

    @Test
    void shouldKeepCommasInsideQuotedFields() throws IOException {
        List<LabeledExample> rows = parse("\"Hello, I lost my card, help\",lost_or_stolen_card\n");
        assertEquals(new LabeledExample("Hello, I lost my card, help", "lost_or_stolen_card"), rows.get(0));
    }

    @Test
    void shouldUnescapeDoubledQuotes() throws IOException {
        List<LabeledExample> rows = parse("\"He said \"\"hi\"\", twice\",x\n\"\"\"\",\"q\"\n");
        assertEquals(new LabeledExample("He said \"hi\", twice", "x"), rows.get(0));
        assertEquals(new LabeledExample("\"", "q"), rows.get(1));
    }

    @Test
    void shouldKeepLineBreaksInsideQuotedFields() throws IOException {
        List<LabeledExample> rows = parse("\"line one\r\nline two\nthree\",lbl\r\nnext,lbl2");
        assertEquals(2, rows.size());
        assertEquals(new LabeledExample("line one\r\nline two\nthree", "lbl"), rows.get(0));
        assertEquals(new LabeledExample("next", "lbl2"), rows.get(1));
    }

    @Test
    void shouldHandleCrlfCrAndMissingFinalNewline() throws IOException {
        List<LabeledExample> rows = parse("a,b\r\nc,d\re,f");
        assertEquals(3, rows.size());
        assertEquals(new LabeledExample("e", "f"), rows.get(2));
    }

    @Test
    void shouldKeepEmptyFieldsAndSkipBlankLines() throws IOException {
        List<LabeledExample> rows = parse("a,b,\n\n,x\n\r\n,y\n");
        assertEquals(List.of(new LabeledExample("a", "b"), new LabeledExample("", "x"), new LabeledExample("", "y")), rows);
    }

    @Test
    void shouldIgnoreUtf8ByteOrderMarkEvenBeforeAQuotedHeader() throws IOException {
        List<LabeledExample> rows = LabeledCsv.read(new StringReader("\uFEFF\"text\",\"category\"\nx,y\n"), "inline");
        assertEquals(List.of(new LabeledExample("x", "y")), rows);
    }

    @Test
    void shouldRejectUnterminatedQuoteNamingTheSource() {
        IOException e = assertThrows(IOException.class, () -> parse("\"never closed,x\n"));
        assertTrue(e.getMessage().startsWith("inline: "), e.getMessage());
    }

    @Test
    void shouldReadLabeledCsvWithAnyHeaderNamesAndVerbatimLabels() throws IOException {
        String csv = "utterance,intent\n"
                + "\"Why is my refund, from last week, missing?\",Refund_not_showing_up\n"
                + "my card payment was reverted?,reverted_card_payment?\n"
                + "\"quote \"\"inside\"\"\", label with spaces \n";
        List<LabeledExample> ex = LabeledCsv.read(new StringReader(csv), "inline");
        assertEquals(3, ex.size());
        assertEquals(new LabeledExample("Why is my refund, from last week, missing?", "Refund_not_showing_up"), ex.get(0));
        assertEquals("reverted_card_payment?", ex.get(1).label());
        assertEquals("quote \"inside\"", ex.get(2).text());
        assertEquals(" label with spaces ", ex.get(2).label());
    }

    @Test
    void shouldReadBanking77StyleFileFromDisk(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("train.csv");
        Files.writeString(f, "text,category\nI am still waiting on my card?,card_arrival\n"
                + "\"What can I do if my card still hasn't arrived, after 2 weeks?\",card_arrival\n",
                StandardCharsets.UTF_8);
        List<LabeledExample> ex = LabeledCsv.read(f);
        assertEquals(2, ex.size());
        assertEquals("What can I do if my card still hasn't arrived, after 2 weeks?", ex.get(1).text());
    }

    @Test
    void shouldRejectRowsWithoutLabelAndHeaderWithOneColumn() {
        IOException e = assertThrows(IOException.class,
                () -> LabeledCsv.read(new StringReader("text,category\nno label here\n"), "inline"));
        assertTrue(e.getMessage().contains("record 2"), e.getMessage());
        assertThrows(IOException.class, () -> LabeledCsv.read(new StringReader("text\nfoo\n"), "inline"));
        assertThrows(IOException.class, () -> LabeledCsv.read(new StringReader(""), "inline"));
    }
}
