package io.switchboard.tagging.classifier;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads labeled examples from a CSV file with a header row. The first column is the text and
 * the second the label, whatever the header names are (Banking77 uses {@code text,category}).
 * Labels are kept verbatim (only surrounding whitespace of the label is not touched either).
 */
public final class LabeledCsv {

    private LabeledCsv() {
    }

    public static List<LabeledExample> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    public static List<LabeledExample> read(Reader reader, String sourceName) throws IOException {
        CsvReader csv = new CsvReader(reader);
        String[] header = csv.next();
        if (header == null) {
            throw new IOException(sourceName + ": empty file, expected a header row");
        }
        if (header.length < 2) {
            throw new IOException(sourceName + ": header must have at least two columns (text,label), got "
                    + header.length);
        }
        List<LabeledExample> out = new ArrayList<>();
        String[] row;
        long record = 1;
        while ((row = csv.next()) != null) {
            record++;
            if (row.length < 2) {
                throw new IOException(sourceName + ": record " + record + " (near line " + csv.line()
                        + ") has " + row.length + " field(s), expected at least 2");
            }
            if (row[1].isEmpty()) {
                throw new IOException(sourceName + ": record " + record + " has an empty label");
            }
            out.add(new LabeledExample(row[0], row[1]));
        }
        return out;
    }
}
