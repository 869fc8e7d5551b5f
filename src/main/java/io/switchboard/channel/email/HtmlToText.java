package io.switchboard.channel.email;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.Locale;
import java.util.Set;

/**
 * Converts mail HTML to readable plain text with jsoup: block elements become line breaks, scripts/styles/head are
 * dropped, links are rendered as "text (url)", {@code <blockquote>} content is prefixed with "> " so quoted-reply
 * detection also works on HTML-only replies, and {@code <pre>} keeps its whitespace.
 */
public final class HtmlToText {

    private static final Set<String> BLOCK = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
            "blockquote", "table", "ul", "ol", "pre", "hr", "address", "article", "section", "header", "footer",
            "form", "dl", "dt", "dd", "center", "fieldset", "figure", "main", "nav", "aside", "caption", "thead",
            "tbody", "tfoot", "body", "html");
    private static final Set<String> SKIP = Set.of("script", "style", "head", "title", "noscript", "template", "svg",
            "object", "iframe", "meta", "link");

    private HtmlToText() {
    }

    public static String convert(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        Document doc = Jsoup.parse(html);
        Builder b = new Builder();
        NodeTraversor.traverse(b, doc.body() != null ? doc.body() : doc);
        return b.result();
    }

    private static final class Builder implements NodeVisitor {
        private final StringBuilder out = new StringBuilder();
        private int skipDepth;
        private int preDepth;
        private int quoteDepth;
        private int pendingBreaks;
        private boolean pendingSpace;
        private boolean lineStart = true;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof Element el) {
                String tag = el.normalName();
                if (skipDepth > 0 || SKIP.contains(tag)) {
                    skipDepth++;
                    return;
                }
                switch (tag) {
                    case "br" -> breakLine(1, true);
                    case "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "pre", "hr" ->
                            breakLine(tag.equals("p") || tag.startsWith("h") && tag.length() == 2 ? 2 : 1, false);
                    case "li" -> {
                        breakLine(1, false);
                        text("- ");
                    }
                    case "td", "th" -> {
                        if (!lineStart) {
                            pendingSpace = true;
                        }
                    }
                    case "img" -> {
                        String alt = el.attr("alt").trim();
                        if (!alt.isEmpty()) {
                            text("[" + alt + "]");
                        }
                    }
                    default -> {
                        if (BLOCK.contains(tag)) {
                            breakLine(1, false);
                        }
                    }
                }
                if (tag.equals("pre")) {
                    preDepth++;
                }
                if (tag.equals("blockquote")) {
                    quoteDepth++;
                }
            } else if (node instanceof TextNode tn && skipDepth == 0) {
                if (preDepth > 0) {
                    String[] lines = tn.getWholeText().split("\r?\n", -1);
                    for (int i = 0; i < lines.length; i++) {
                        if (i > 0) {
                            breakLine(1, true);
                        }
                        if (!lines[i].isEmpty()) {
                            text(lines[i]);
                        }
                    }
                } else {
                    String t = tn.getWholeText().replace('\u00a0', ' ');
                    if (!t.isEmpty() && Character.isWhitespace(t.charAt(0))) {
                        pendingSpace = true;
                    }
                    String collapsed = t.trim().replaceAll("\\s+", " ");
                    if (!collapsed.isEmpty()) {
                        text(collapsed);
                        if (Character.isWhitespace(t.charAt(t.length() - 1))) {
                            pendingSpace = true;
                        }
                    }
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (!(node instanceof Element el)) {
                return;
            }
            String tag = el.normalName();
            if (skipDepth > 0) {
                skipDepth--;
                return;
            }
            if (tag.equals("a")) {
                String href = el.attr("href").trim();
                String label = el.text().trim();
                if (!href.isEmpty() && !href.startsWith("#") && !href.toLowerCase(Locale.ROOT).startsWith("javascript:")
                        && !sameTarget(label, href)) {
                    if (label.isEmpty()) {
                        text(href);
                    } else {
                        out.append(" (").append(href).append(')');
                    }
                }
                return;
            }
            if (tag.equals("pre")) {
                preDepth--;
            }
            if (tag.equals("blockquote")) {
                breakLine(1, false);
                quoteDepth--;
                return;
            }
            if (tag.equals("p") || tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
                breakLine(2, false);
            } else if (BLOCK.contains(tag) && !tag.equals("br")) {
                breakLine(1, false);
            }
        }

        private static boolean sameTarget(String label, String href) {
            String h = href.toLowerCase(Locale.ROOT).replaceFirst("^mailto:", "").replaceFirst("/$", "");
            String l = label.toLowerCase(Locale.ROOT).replaceFirst("/$", "");
            return h.equals(l) || h.equals("http://" + l) || h.equals("https://" + l);
        }

        private void breakLine(int n, boolean force) {
            if (out.length() == 0 && !force) {
                return;
            }
            if (force) {
                pendingBreaks++;
            } else {
                pendingBreaks = Math.max(pendingBreaks, lineStart ? n - 1 : n);
            }
            pendingSpace = false;
        }

        private void text(String s) {
            if (pendingBreaks > 0) {
                for (int i = 0; i < Math.min(pendingBreaks, 2); i++) {
                    out.append('\n');
                }
                pendingBreaks = 0;
                lineStart = true;
                pendingSpace = false;
            }
            if (lineStart) {
                for (int i = 0; i < quoteDepth; i++) {
                    out.append("> ");
                }
            } else if (pendingSpace) {
                out.append(' ');
            }
            out.append(s);
            pendingSpace = false;
            lineStart = false;
        }

        String result() {
            String[] lines = out.toString().split("\n", -1);
            StringBuilder sb = new StringBuilder();
            for (String line : lines) {
                sb.append(line.stripTrailing()).append('\n');
            }
            return sb.toString().replaceAll("\n{3,}", "\n\n").strip();
        }
    }
}
