package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The manual pages come from the same picocli model that parses the command line. */
class ManPagesTest {
    @TempDir
    Path dir;

    private final CommandLine cli = MailCli.commandLine(Map.of("MAILV2_HOME", "/nonexistent"));

    @Test
    void everyCommandHasAPageNamingEachOfItsOptions() {
        Map<String, String> pages = ManPages.of(cli, LocalDate.parse("2026-12-01"));

        assertThat(pages).containsKeys("mailv2.1", "mailv2-send.1", "mailv2-screener-accept.1", "mailv2-report.1",
                "mailv2-permits-grant.1", "mailv2-export.1").doesNotContainKey("mailv2-help.1");
        for (CommandLine command : java.util.List.of(cli.getSubcommands().get("send"),
                cli.getSubcommands().get("screener").getSubcommands().get("accept"))) {
            String name = "mailv2-" + (command.getParent() == cli ? "" : command.getParent().getCommandName() + "-")
                    + command.getCommandName() + ".1";
            String page = pages.get(name);
            assertThat(page).startsWith(".TH \"" + name.replace(".1", "").toUpperCase(java.util.Locale.ROOT) + "\" \"1\"")
                    .contains(".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS");
            for (OptionSpec option : command.getCommandSpec().options()) {
                assertThat(page).as(name).contains(ManPages.escape(option.longestName()));
            }
        }
        assertThat(pages.get("mailv2.1")).contains(".SH EXIT STATUS", "\\fBmailv2\\-send\\fR(1)");
        assertThat(pages.get("mailv2-send.1")).contains("\\-\\-html\\-file \\fIFILE\\fR", "\\fBmailv2\\fR(1)");
    }

    @Test
    void textThatLooksLikeRoffRequestsStaysText() {
        assertThat(ManPages.escape(".SH not a section\n'also not")).isEqualTo("\\&.SH not a section\n\\&'also not");
        assertThat(ManPages.escape("a\\b --x `y`")).isEqualTo("a\\eb \\-\\-x 'y'");
    }

    @Test
    void manShowsTheWrittenPages() throws Exception {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("generate-man", dir.resolve("man1").toString())).isZero();
        assertThat(out.toString()).startsWith("wrote ").contains("manual pages into");
        assertThat(dir.resolve("man1/mailv2-send.1")).exists();

        if (!onPath("man")) {
            if ("required".equals(System.getProperty("mailv2.man"))) {
                fail("man is required (-Dmailv2.man=required) but is not on PATH: apt-get install man-db");
            }
            Assumptions.assumeTrue(false, "man is not on PATH: apt-get install man-db (CI requires it)");
        }
        // As a user would after the README's install step: MANPATH pointing at the folder above man1.
        ProcessBuilder man = new ProcessBuilder("man", "mailv2-send").redirectErrorStream(true);
        man.environment().put("MANPATH", dir.toString());
        man.environment().put("MANPAGER", "cat");
        man.environment().put("PAGER", "cat");
        man.environment().put("MANWIDTH", "100");
        Process p = man.start();
        String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(shown).isZero();
        assertThat(shown.replaceAll(".\b", "")).contains("MAILV2-SEND(1)", "NAME", "mailv2-send - Sends a message",
                "--html-file FILE", "--attach");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
