package io.switchboard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.docs.MarkdownLinks.Link;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README, docs/ and bench/ pages resolves inside the repository: the file
 * exists, and a {@code #anchor} names a heading of the Markdown page it points at. Links with a scheme
 * (https:, mailto:) are not followed.
 */
class DocumentationLinksTest {

    static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> pages = pages();
        for (Path page : pages) {
            String markdown = Files.readString(page, StandardCharsets.UTF_8);
            for (Link link : MarkdownLinks.links(markdown)) {
                problem(page, markdown, link.target()).ifPresent(p ->
                        broken.add(ROOT.relativize(page) + ":" + link.line() + ": " + link.target() + " (" + p + ")"));
            }
        }
        assertThat(pages).as("pages checked").contains(ROOT.resolve("README.md"), ROOT.resolve("docs/architecture.md"));
        assertThat(broken).as("broken relative links").isEmpty();
    }

    @Test
    void linksInCodeAreNotLinksAndReferenceDefinitionsAre() {
        String page = """
                See [the flow](docs/architecture.md#the-flow) and ![diagram](docs/images/flow.svg).
                `[not a link](nowhere.md)` and
                ```
                [also not](nowhere.md)
                ```
                [ref]: docs/testing.md
                """;
        assertThat(MarkdownLinks.links(page)).extracting(Link::target)
                .containsExactly("docs/architecture.md#the-flow", "docs/images/flow.svg", "docs/testing.md");
    }

    @Test
    void anchorsAreGitHubHeadingSlugs() {
        assertThat(MarkdownLinks.slug("Escalation lateness (`bench/escalation/`)")).isEqualTo("escalation-lateness-benchescalation");
        assertThat(MarkdownLinks.slug("Scale-out: 1, 2, 3 instances")).isEqualTo("scale-out-1-2-3-instances");
        assertThat(MarkdownLinks.slug("`GET /queues`")).isEqualTo("get-queues");
        assertThat(MarkdownLinks.slug("Seen / processed: [camel-mail](https://camel.apache.org)")).isEqualTo("seen--processed-camel-mail");
        assertThat(MarkdownLinks.slug("微信 WeChat_1")).isEqualTo("微信-wechat_1");
        assertThat(MarkdownLinks.anchors("# Tests\n## Tests\n```\n# not a heading\n```\n<a id=\"row-7\"></a>\n"))
                .containsExactly("tests", "tests-1", "row-7");
    }

    @Test
    void aMissingFileAnAnchorThatIsNoHeadingAndAPathOutsideTheRepositoryAreBroken() throws IOException {
        Path page = ROOT.resolve("README.md");
        String markdown = "# Switchboard\n";
        assertThat(problem(page, markdown, "docs/no-such-page.md")).isPresent();
        assertThat(problem(page, markdown, "#no-such-heading")).isPresent();
        assertThat(problem(page, markdown, "../shared/data/SOURCES.md")).isPresent();
        assertThat(problem(page, markdown, "#switchboard")).isEmpty();
        assertThat(problem(page, markdown, "https://example.com/x.md#y")).isEmpty();
    }

    /** README.md, and every Markdown page under docs/, bench/ and k8s/. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        for (String dir : List.of("docs", "bench", "k8s")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    static Optional<String> problem(Path page, String markdown, String target) throws IOException {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? page : (path.startsWith("/") ? ROOT.resolve(path.substring(1)) : page.getParent().resolve(path))
                .normalize();
        if (!file.startsWith(ROOT)) {
            return Optional.of("outside the repository");
        }
        if (!Files.exists(file)) {
            return Optional.of("no such file");
        }
        if (anchor == null || anchor.isEmpty()) {
            return Optional.empty();
        }
        if (!file.toString().endsWith(".md")) {
            return Optional.of("anchor into a file that is not Markdown");
        }
        String text = file.equals(page) ? markdown : Files.readString(file, StandardCharsets.UTF_8);
        return MarkdownLinks.anchors(text).contains(anchor) ? Optional.empty()
                : Optional.of("no heading #" + anchor + " in " + ROOT.relativize(file));
    }
}
