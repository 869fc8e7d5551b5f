package io.switchboard.tagging.classifier;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Loads labeled examples from a CSV file with a header row (RFC 4180, read with commons-csv like the
 * phone channel's CDR files). The first column is the text and the second the label, whatever the
 * header names are (Banking77 uses {@code text,category}). Labels are kept verbatim, spaces included;
 * blank lines are skipped and a UTF-8 byte-order mark is ignored.
 */
public final class LabeledCsv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private LabeledCsv() {
    }

    public static List<LabeledExample> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    public static List<LabeledExample> read(Reader reader, String sourceName) throws IOException {
        try (CSVParser csv = CSVParser.builder().setReader(withoutByteOrderMark(reader)).setFormat(FORMAT).get()) {
            Iterator<CSVRecord> records = csv.iterator();
            if (!records.hasNext()) {
                throw new IOException(sourceName + ": empty file, expected a header row");
            }
            CSVRecord header = records.next();
            if (header.size() < 2) {
                throw new IOException(sourceName + ": header must have at least two columns (text,label), got "
                        + header.size());
            }
            List<LabeledExample> out = new ArrayList<>();
            long record = 1;
            while (records.hasNext()) {
                CSVRecord row = records.next();
                record++;
                if (row.size() < 2) {
                    throw new IOException(sourceName + ": record " + record + " (line "
                            + row.getParser().getCurrentLineNumber() + ") has " + row.size() + " field(s), expected at least 2");
                }
                if (row.get(1).isEmpty()) {
                    throw new IOException(sourceName + ": record " + record + " has an empty label");
                }
                out.add(new LabeledExample(row.get(0), row.get(1)));
            }
            return out;
        } catch (UncheckedIOException e) {
            throw new IOException(sourceName + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        int first = in.read();
        if (first != -1 && first != '\uFEFF') {
            in.unread(first);
        }
        return in;
    }
}
