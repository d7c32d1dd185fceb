package org.mailv2.client.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mailv2 generate-completion}: a bash/zsh completion script, e.g. {@code source <(mailv2 generate-completion)}. */
@Command(name = "generate-completion", mixinStandardHelpOptions = true,
        description = "Prints a bash/zsh completion script.")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("mailv2", spec.root().commandLine()));
        return 0;
    }
}
