package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ArgumentsTest {
    @Test
    void aPermitIdStartingWithADashIsAnArgumentNotAnOption() {
        CommandLine cli = MailCli.commandLine(Map.of());
        CommandLine.ParseResult parsed = cli.parseArgs("permits", "revoke", "-Rk3mB2ZxQ1yVdA7wqLp0g");
        CommandLine revoke = parsed.subcommand().subcommand().commandSpec().commandLine();
        assertThat(((PermitsCommand.Revoke) revoke.getCommand()).id).isEqualTo("-Rk3mB2ZxQ1yVdA7wqLp0g");
    }

    @Test
    void knownOptionsStillWork() {
        CommandLine.ParseResult parsed = MailCli.commandLine(Map.of()).parseArgs("--profile", "work", "permits",
                "revoke", "AbC");
        assertThat(parsed.matchedOptionValue("--profile", "")).isEqualTo("work");
    }
}
