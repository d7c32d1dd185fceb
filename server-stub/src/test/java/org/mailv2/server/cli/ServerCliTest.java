package org.mailv2.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailv2.protocol.address.Address;
import org.mailv2.server.app.ServerIdentity;
import org.mailv2.server.config.ServerConfig;
import org.mailv2.server.tls.PemFiles;
import picocli.CommandLine;

class ServerCliTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ServerCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        assertThat(exit).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void initWritesACommentedConfigKeysAndACertificateAndPrintsThePins() throws Exception {
        String out = run("init", "--dir", dir.toString(), "--hostname", "mail.example.org", "--port", "8443",
                "--registration", "invite", "--pow-account", "20", "--pow-message", "18");
        ServerConfig config = ServerConfig.load(dir.resolve("config.yml"));
        assertThat(config.hostname()).isEqualTo("mail.example.org");
        assertThat(config.port()).isEqualTo(8443);
        assertThat(config.registration()).isEqualTo("invite");
        assertThat(config.pow().accountBits()).isEqualTo(20);
        assertThat(config.pow().messageBits()).isEqualTo(18);
        assertThat(config.selfResolver()).isTrue();
        assertThat(Files.readString(dir.resolve("config.yml"))).contains("# Proof-of-work bits", "maxMessageBytes");

        var key = ServerIdentity.load(dir.resolve("server-identity.key"));
        var tls = PemFiles.read(dir.resolve("server.key"), dir.resolve("server.crt"));
        assertThat(out).contains("routing id          " + ServerIdentity.routingId(key).hex())
                .contains("certificate SHA-256 " + tls.pin().hex());
        assertThat(tls.chain().get(0).getSubjectAlternativeNames()).extracting(n -> n.get(1).toString())
                .contains("mail.example.org", "localhost", "127.0.0.1");
        assertThat(Files.getPosixFilePermissions(dir.resolve("server-identity.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dir.resolve("server.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void initRefusesToOverwriteAServer() {
        run("init", "--dir", dir.toString(), "--hostname", "a.example");
        CommandLine cli = new CommandLine(new ServerCli());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("init", "--dir", dir.toString(), "--hostname", "b.example")).isNotZero();
    }

    @Test
    void invitePrintsATokenBoundToTheAddress() throws Exception {
        run("init", "--dir", dir.toString(), "--hostname", "mail.example.org", "--registration", "invite");
        String token = run("invite", "alice!", "--config", dir.resolve("config.yml").toString(), "--days", "3").trim();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(claims).contains(Address.parse("alice!").hash().hex());
    }

    @Test
    void initWithAMetricsPortTurnsMetricsOn() throws Exception {
        run("init", "--dir", dir.toString(), "--hostname", "mail.example.org", "--metrics-port", "9464");
        assertThat(ServerConfig.load(dir.resolve("config.yml")).metrics().port()).isEqualTo(9464);
    }
}
