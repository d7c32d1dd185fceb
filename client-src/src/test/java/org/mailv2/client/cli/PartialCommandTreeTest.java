package org.mailv2.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line built for one subcommand behaves as the whole tree does for that subcommand. */
class PartialCommandTreeTest {
    private static final Map<String, String> ENV = Map.of("MAILV2_HOME", "/nonexistent");

    @Test
    void everySubcommandHasTheSameHelpAndOptionsAsInTheWholeTree() {
        CommandLine whole = MailCli.commandLine(ENV);
        int compared = 0;
        for (Map.Entry<String, CommandLine> entry : whole.getSubcommands().entrySet()) {
            String name = entry.getKey();
            CommandLine partial = MailCli.commandLine(ENV, "--profile", "work", name, "--help");
            assertThat(partial.getSubcommands()).containsKey(name);
            compared += sameTree(entry.getValue(), partial.getSubcommands().get(name));
        }
        assertThat(compared).isGreaterThan(60);
    }

    private static int sameTree(CommandLine expected, CommandLine actual) {
        assertThat(actual.getUsageMessage()).isEqualTo(expected.getUsageMessage());
        assertThat(names(actual.getCommandSpec().options())).isEqualTo(names(expected.getCommandSpec().options()));
        assertThat(actual.getSubcommands().keySet()).isEqualTo(expected.getSubcommands().keySet());
        int compared = 1;
        for (Map.Entry<String, CommandLine> child : expected.getSubcommands().entrySet()) {
            compared += sameTree(child.getValue(), actual.getSubcommands().get(child.getKey()));
        }
        return compared;
    }

    private static List<String> names(List<CommandLine.Model.OptionSpec> options) {
        List<String> names = new ArrayList<>();
        options.forEach(option -> names.add(option.longestName()));
        return names;
    }

    @Test
    void theNamesAreTheCommandsOwn() {
        MailCli.SUBCOMMANDS.forEach((name, type) -> {
            CommandLine.Command command = type.getAnnotation(CommandLine.Command.class);
            assertThat(command.name()).isEqualTo(name);
            assertThat(command.aliases()).isEmpty();
        });
    }

    @Test
    void onlyTheNamedSubcommandIsBuilt() {
        assertThat(MailCli.commandLine(ENV, "inbox", "--offline").getSubcommands()).containsOnlyKeys("inbox");
        assertThat(MailCli.commandLine(ENV, "--passphrase-file=/p", "account", "list").getSubcommands())
                .containsOnlyKeys("account");
    }

    @Test
    void inheritedOptionsAndDashedArgumentsParseAsInTheWholeTree() {
        String[] args = {"permits", "revoke", "-Rk3mB2ZxQ1yVdA7wqLp0g", "--profile", "work"};
        CommandLine.ParseResult parsed = MailCli.commandLine(ENV, args).parseArgs(args);
        CommandLine revoke = parsed.subcommand().subcommand().commandSpec().commandLine();
        assertThat(((PermitsCommand.Revoke) revoke.getCommand()).id).isEqualTo("-Rk3mB2ZxQ1yVdA7wqLp0g");
        assertThat(((MailCli) parsed.commandSpec().userObject()).profile).isEqualTo("work");
    }

    @Test
    void noSubcommandIsLocalModeAndUnknownOrListingOnesGetTheWholeTree() {
        assertThat(MailCli.commandLine(ENV).getSubcommands()).hasSize(MailCli.SUBCOMMANDS.size());
        assertThat(MailCli.commandLine(ENV, "--profile", "x").getSubcommands()).containsOnlyKeys("local");
        for (String[] args : List.of(new String[] {"nosuch"}, new String[] {"help", "inbox"},
                new String[] {"generate-completion"}, new String[] {"generate-man"}, new String[] {"--help"},
                new String[] {"-V"})) {
            assertThat(MailCli.commandLine(ENV, args).getSubcommands()).hasSize(MailCli.SUBCOMMANDS.size());
        }
    }
}
