package io.switchboard.channel.phone;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

final class TestFiles {

    private TestFiles() {
    }

    static Path resource(String name) {
        URL url = TestFiles.class.getResource("/phone/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource /phone/" + name + " missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static CdrReadResult read(CdrLayout layout, String text) {
        try {
            return new CdrFileReader(layout).read(new StringReader(text), "inline.csv");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
