package org.mailv2.client.core.open;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An HTML attachment as handed to a browser: nothing in it loads anything. */
class HtmlCopyTest {
    @Test
    void everyRemoteReferenceIsGoneAndTheTextAndLinksStay() {
        String hostile = """
                <html><head><base href="https://evil.example/"><link rel=stylesheet href="https://evil.example/a.css">
                <meta http-equiv="refresh" content="0; url=https://evil.example/">
                <style>body { background: url(https://evil.example/bg.png) } @import url(https://evil.example/b.css);</style>
                <script src="https://evil.example/x.js"></script><title>Invoice</title></head>
                <body background="https://evil.example/body.png" onload="fetch('https://evil.example/')">
                <p style="background:url(https://evil.example/p.png)">Your invoice is <b>attached</b>.</p>
                <img src="https://evil.example/pixel.gif" alt="logo"><img srcset="https://evil.example/2x.png 2x">
                <iframe src="https://evil.example/frame"></iframe><object data="https://evil.example/o.swf"></object>
                <video poster="https://evil.example/v.jpg" src="https://evil.example/v.mp4"></video>
                <svg><image href="https://evil.example/svg.png"/></svg>
                <form action="https://evil.example/post"><input name=q></form>
                <a href="https://shop.example/orders/42">Your order</a>
                </body></html>
                """;

        String copy = HtmlCopy.of(hostile);

        assertThat(copy).doesNotContain("evil.example").doesNotContainIgnoringCase("<script")
                .doesNotContain("onload", "<iframe", "<object", "<img", "url(");
        assertThat(copy).contains("Content-Security-Policy", "default-src 'none'", "<title>Invoice</title>",
                "Your invoice is <b>attached</b>.", "[image: logo]",
                "<a href=\"https://shop.example/orders/42\" rel=\"noreferrer noopener\">Your order</a>");
    }
}
