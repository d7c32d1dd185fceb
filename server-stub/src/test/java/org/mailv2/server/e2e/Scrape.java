package org.mailv2.server.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/** One scrape of a server's metrics listener, read as a Prometheus server would read it. */
record Scrape(String contentType, String text) {
    static Scrape of(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("metrics answered " + response.statusCode());
        }
        return new Scrape(response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /**
     * The sample of {@code name} whose labels include every one of {@code labels} ({@code key="value"}); 0 when there
     * is none yet (a counter appears with its first increment).
     */
    double value(String name, String... labels) {
        return text.lines().filter(l -> !l.startsWith("#"))
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    boolean has(String name) {
        return text.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
    }
}
