package org.mailv2.client.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mailv2 generate-man DIR}: writes a manual page per command into DIR, e.g. {@code ~/.local/share/man/man1}
 * (then {@code man mailv2-send}).
 */
@Command(name = "generate-man", mixinStandardHelpOptions = true,
        description = "Writes the manual pages (mailv2.1, mailv2-send.1, …) into a folder, e.g."
                + " ~/.local/share/man/man1, so that `man mailv2-send` shows them.")
final class ManCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to write into (created if missing).")
    Path folder;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(folder);
        Map<String, String> pages = ManPages.of(spec.root().commandLine(), LocalDate.now());
        for (Map.Entry<String, String> page : pages.entrySet()) {
            Files.writeString(folder.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
        }
        spec.commandLine().getOut().println("wrote " + pages.size() + " manual pages into " + folder);
        return 0;
    }
}
