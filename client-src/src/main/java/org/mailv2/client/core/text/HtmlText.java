package org.mailv2.client.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.mailv2.protocol.seal.OpenedMessage;

/**
 * HTML mail as text, for the reader and {@code mailv2 read}: parsed from the string only (jsoup's
 * {@code Jsoup.parse(String)}, which never opens a connection), nothing loaded — images are named {@code [image: alt]},
 * links numbered {@code [1]} and listed at the end. Paragraphs and headings become blocks, list items {@code "- "} (or
 * {@code "1. "}), blockquotes {@code "> "}, table rows cells joined by {@code " | "}. Scripts, styles and the head are
 * dropped. The result is still text from others: the faces sanitise it like any other.
 */
public final class HtmlText {
    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title", "noscript", "template",
            "object", "embed", "iframe", "svg", "math");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "header", "footer", "main",
            "nav", "aside", "address", "figure", "figcaption", "form", "fieldset", "dl", "dt", "dd", "center");

    private final List<String> links = new ArrayList<>();

    private HtmlText() {
    }

    /** What the reader shows of a message: its plain text, or its HTML rendered when it has no plain text. */
    public static String shown(OpenedMessage m) {
        return m.htmlOnly() ? render(m.html()) : m.text();
    }

    /** The HTML as text, with a list of the links at the end. */
    public static String render(String html) {
        HtmlText renderer = new HtmlText();
        Out out = new Out();
        renderer.children(Jsoup.parse(html).body(), out);
        StringBuilder text = new StringBuilder(out.finish());
        if (!renderer.links.isEmpty()) {
            text.append("\n\nLinks:\n");
            for (int i = 0; i < renderer.links.size(); i++) {
                text.append('[').append(i + 1).append("] ").append(renderer.links.get(i)).append('\n');
            }
        }
        return text.toString().strip() + "\n";
    }

    private void children(Node parent, Out out) {
        for (Node child : parent.childNodes()) {
            node(child, out);
        }
    }

    private void node(Node node, Out out) {
        if (node instanceof TextNode t) {
            if (out.pre) {
                out.raw(t.getWholeText());
            } else {
                out.text(t.getWholeText());
            }
            return;
        }
        if (!(node instanceof Element e)) {
            return;
        }
        String tag = e.normalName();
        if (SKIPPED.contains(tag)) {
            return;
        }
        switch (tag) {
            case "br" -> out.newline();
            case "hr" -> {
                out.paragraph();
                out.raw("----");
                out.paragraph();
            }
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                out.paragraph();
                out.raw("#".repeat(tag.charAt(1) - '0') + " ");
                children(e, out);
                out.paragraph();
            }
            case "a" -> {
                children(e, out);
                String href = e.attr("href").strip();
                if (!href.isEmpty() && !href.startsWith("#")) {
                    links.add(href);
                    out.text(" [" + links.size() + "]");
                }
            }
            case "img" -> {
                String alt = e.attr("alt").strip();
                out.text("[image" + (alt.isEmpty() ? "" : ": " + alt) + "]");
            }
            case "ul", "ol" -> list(e, out, tag.equals("ol"));
            case "li" -> {
                // an item outside a list
                out.line();
                out.raw("- ");
                children(e, out);
                out.line();
            }
            case "blockquote" -> out.block(prefixed(e, "> ", "> "));
            case "pre" -> {
                out.paragraph();
                Out inner = new Out();
                inner.pre = true;
                children(e, inner);
                out.raw(inner.sb.toString().replaceAll("\\n+$", ""));
                out.paragraph();
            }
            case "table" -> table(e, out);
            default -> {
                boolean block = BLOCKS.contains(tag);
                if (block) {
                    out.paragraph();
                }
                children(e, out);
                if (block) {
                    out.paragraph();
                }
            }
        }
    }

    private void list(Element list, Out out, boolean numbered) {
        Out items = new Out();
        int n = 0;
        for (Node child : list.childNodes()) {
            if (child instanceof Element li && li.normalName().equals("li")) {
                n++;
                String marker = numbered ? n + ". " : "- ";
                items.line();
                items.raw(prefixed(li, marker, " ".repeat(marker.length())));
                items.line();
            } else {
                node(child, items);
            }
        }
        if (list.parent() != null && list.parent().normalName().equals("li")) {
            out.line(); // a list inside an item follows it without a blank line
            out.raw(items.finish());
            out.line();
        } else {
            out.block(items.finish());
        }
    }

    private void table(Element table, Out out) {
        Out rows = new Out();
        for (Element row : table.select("tr")) {
            if (row.closest("table") != table) {
                continue; // a nested table's rows are rendered with their own table
            }
            List<String> cells = new ArrayList<>();
            for (Element cell : row.children()) {
                if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
                    Out c = new Out();
                    children(cell, c);
                    cells.add(c.finish().replace('\n', ' ').strip());
                }
            }
            rows.line();
            rows.raw(String.join(" | ", cells));
            rows.line();
        }
        out.block(rows.finish());
    }

    /** The element's content rendered on its own, its first line after {@code first}, the others after {@code rest}. */
    private String prefixed(Element e, String first, String rest) {
        Out inner = new Out();
        children(e, inner);
        String[] lines = inner.finish().split("\n", -1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String prefix = i == 0 ? first : rest;
            s.append(lines[i].isEmpty() ? prefix.stripTrailing() : prefix + lines[i]);
            if (i < lines.length - 1) {
                s.append('\n');
            }
        }
        return s.toString();
    }

    /** Text being built: whitespace collapsed as a browser does, blocks separated by one blank line. */
    private static final class Out {
        final StringBuilder sb = new StringBuilder();
        boolean pre;

        private boolean atLineStart() {
            return sb.length() == 0 || sb.charAt(sb.length() - 1) == '\n';
        }

        void text(String text) {
            String collapsed = text.replaceAll("[ \\t\\r\\n\\f\\u00a0]+", " ");
            if (collapsed.startsWith(" ") && (atLineStart() || sb.charAt(sb.length() - 1) == ' ')) {
                collapsed = collapsed.substring(1);
            }
            sb.append(collapsed);
        }

        void raw(String text) {
            sb.append(text);
        }

        void newline() {
            trimSpaces();
            sb.append('\n');
        }

        /** Ends the current line, if anything is on it. */
        void line() {
            trimSpaces();
            if (!atLineStart()) {
                sb.append('\n');
            }
        }

        /** Ends the current line and leaves one blank line before what follows (none at the start). */
        void paragraph() {
            trimSpaces();
            if (sb.length() == 0) {
                return;
            }
            if (!atLineStart()) {
                sb.append('\n');
            }
            if (sb.length() < 2 || sb.charAt(sb.length() - 2) != '\n') {
                sb.append('\n');
            }
        }

        void block(String text) {
            paragraph();
            sb.append(text);
            paragraph();
        }

        private void trimSpaces() {
            while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
                sb.setLength(sb.length() - 1);
            }
        }

        String finish() {
            return sb.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
        }
    }
}
