package org.mailv2.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void missingOptionsTakeTheirDefaults() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yml"), "hostname: mail.example.org\n");
        ServerConfig config = ServerConfig.load(file);
        assertThat(config.port()).isEqualTo(2424);
        assertThat(config.pow().accountBits()).isEqualTo(26);
        assertThat(config.pow().messageBits()).isEqualTo(24);
        assertThat(config.database().kind()).isEqualTo("sqlite");
        assertThat(config.limits().maxMessageBytes()).isEqualTo(128L << 20);
        assertThat(config.effectivePublicUrl(2424)).isEqualTo("https://mail.example.org:2424");
        assertThat(config.outgoing().relay()).isEqualTo(new org.mailv2.protocol.api.Timeouts(
                java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(600)));
        assertThat(config.outgoing().resolver().call()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void theTemplateLoadsBackToWhatItWasRenderedWith() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yml"),
                ConfigTemplate.render("h.example", 443, "https://resolver.example", "ab".repeat(32), "invite", 22, 20));
        ServerConfig config = ServerConfig.load(file);
        assertThat(config.resolver()).isEqualTo("https://resolver.example");
        assertThat(config.resolverPin()).isEqualTo("ab".repeat(32));
        assertThat(config.registration()).isEqualTo("invite");
        assertThat(config.pow().accountBits()).isEqualTo(22);
    }

    @Test
    void invalidOptionsAreRefusedWithTheirName() throws Exception {
        for (String yaml : new String[] {"port: 80\n", "hostname: h\nport: 70000\n", "hostname: h\nresolver: http://x\n",
            "hostname: h\nregistration: maybe\n", "hostname: h\npow:\n  messageBits: 99\n",
            "hostname: h\ndatabase:\n  kind: mysql\n", "hostname: h\nunknownOption: 1\n",
            "hostname: h\nlimits:\n  quotaBytes: -1\n", "hostname: h\nmetrics:\n  port: 70000\n",
            "hostname: h\nmetrics:\n  port: 9464\n  listen: 0.0.0.0\n", "hostname: h\nresolver: https://r.example\nresolverPin: AB\n",
            "hostname: a b\n", "hostname: h:443\n", "hostname: h\noutgoing:\n  relayCallTimeoutSeconds: 5\n", "hostname: h\nlimits:\n  quotaBytes: 1\nlimits:\n  quotaBytes: 2\n", "hostname: h\npublicUrl: ftp://h\n", "", "hostname: [h]\n", "hostname: h\n  bad indent: [\n"}) {
            Path file = Files.writeString(dir.resolve("bad.yml"), yaml);
            assertThatThrownBy(() -> ServerConfig.load(file)).as(yaml).isInstanceOf(ConfigException.class);
        }
    }

    @Test
    void metricsAreOffUnlessTheirPortIsSetAndTheTemplateWritesIt() throws Exception {
        Path off = Files.writeString(dir.resolve("off.yml"),
                ConfigTemplate.render("h.example", 443, "self", null, "open", 22, 20));
        assertThat(ServerConfig.load(off).metrics().enabled()).isFalse();
        Path on = Files.writeString(dir.resolve("on.yml"),
                ConfigTemplate.render("h.example", 443, "self", null, "open", 22, 20, 9464));
        assertThat(ServerConfig.load(on).metrics().port()).isEqualTo(9464);
        assertThat(Files.readString(on)).contains("127.0.0.1", "Plain HTTP");
    }
}
