package org.mailv2.client.core.open;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * An HTML attachment made safe to hand to a browser: only structure, text and links survive (jsoup's relaxed safelist
 * without images), images become their {@code [image: alt]} text, and a Content-Security-Policy of
 * {@code default-src 'none'} forbids the browser any load the cleaning missed. Nothing in the copy fetches anything
 * when it is opened; following a link stays the reader's own click.
 */
public final class HtmlCopy {
    private HtmlCopy() {
    }

    public static String of(String html) {
        Document dirty = Jsoup.parse(html);
        for (Element img : dirty.select("img")) {
            String alt = img.attr("alt").strip();
            img.replaceWith(new org.jsoup.nodes.TextNode(alt.isEmpty() ? "[image]" : "[image: " + alt + "]"));
        }
        Safelist allowed = Safelist.relaxed().removeTags("img")
                .addEnforcedAttribute("a", "rel", "noreferrer noopener");
        Document clean = new Cleaner(allowed).clean(dirty);
        Document out = Document.createShell("");
        out.head().appendElement("meta").attr("charset", "utf-8");
        out.head().appendElement("meta").attr("http-equiv", "Content-Security-Policy")
                .attr("content", "default-src 'none'; style-src 'unsafe-inline'");
        out.head().appendElement("title").text(dirty.title());
        out.body().html(clean.body().html());
        return out.outerHtml();
    }
}
