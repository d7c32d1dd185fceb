package org.mailv2.client.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void aNewsletterKeepsItsStructureAndLoadsNothing() {
        String html = """
                <html><head><title>t</title><style>p{color:red}</style>
                <script>fetch('https://tracker.example/x')</script></head><body>
                <h1>Weekly   news</h1>
                <p>Hello <b>Bob</b>,<br>read <a href="https://example.org/a">our post</a> and
                <a href="#top">top</a>.</p>
                <img src="https://tracker.example/pixel.gif" alt="logo"><img src="cid:x">
                <ul><li>one</li><li>two<ul><li>two and a half</li></ul></li></ul>
                <ol><li>first</li><li>second</li></ol>
                <blockquote><p>quoted</p><p>again</p></blockquote>
                <table><tr><th>Item</th><th>Price</th></tr><tr><td>Tea</td><td>2 &euro;</td></tr></table>
                <pre>  code
                  stays</pre>
                <p>Bye&nbsp;now <a href="mailto:alice!">Alice</a></p>
                </body></html>""";
        assertThat(HtmlText.render(html)).isEqualTo("""
                # Weekly news

                Hello Bob,
                read our post [1] and top.

                [image: logo][image]

                - one
                - two
                  - two and a half

                1. first
                2. second

                > quoted
                >
                > again

                Item | Price
                Tea | 2 €

                  code
                  stays

                Bye now Alice [2]

                Links:
                [1] https://example.org/a
                [2] mailto:alice!
                """);
    }

    @Test
    void escapesInHtmlStayTextForTheSanitiser() {
        String text = HtmlText.render("<p>a\u001b[31mred</p>");
        assertThat(text).contains("\u001b");
        assertThat(UntrustedText.body(text)).doesNotContain("\u001b");
    }
}
