package org.mailv2.client.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Manual pages in roff, one per command ({@code mailv2.1}, {@code mailv2-send.1}, {@code mailv2-screener-accept.1}),
 * written from the picocli model that also parses the command line, so a page never describes options the command
 * does not have. Plain man(7) macros, which man-db, mandoc and groff all read.
 */
final class ManPages {
    private ManPages() {
    }

    /** File name to page, for {@code root} and every command under it (help commands left out). */
    static Map<String, String> of(CommandLine root, LocalDate date) {
        Map<String, String> pages = new LinkedHashMap<>();
        add(root, root.getCommandSpec().name(), pages, date);
        return pages;
    }

    private static void add(CommandLine command, String pageName, Map<String, String> pages, LocalDate date) {
        pages.put(pageName + ".1", page(command.getCommandSpec(), pageName, date));
        for (CommandLine sub : distinct(command.getSubcommands())) {
            if (sub.getCommandSpec().helpCommand()) {
                continue;
            }
            add(sub, pageName + "-" + sub.getCommandName(), pages, date);
        }
    }

    /** Subcommands once each: picocli lists a command again under each alias. */
    private static List<CommandLine> distinct(Map<String, CommandLine> subcommands) {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine c : subcommands.values()) {
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    static String page(CommandSpec spec, String pageName, LocalDate date) {
        StringBuilder roff = new StringBuilder();
        String description = String.join(" ", spec.usageMessage().description());
        roff.append(".TH \"").append(pageName.toUpperCase(Locale.ROOT)).append("\" \"1\" \"").append(date)
                .append("\" \"mailv2\" \"mailv2 Manual\"\n");
        roff.append(".SH NAME\n").append(escape(pageName)).append(" \\- ").append(escape(firstSentence(description)))
                .append('\n');
        roff.append(".SH SYNOPSIS\n.nf\n").append(escape(synopsis(spec))).append("\n.fi\n");
        if (!description.isBlank()) {
            roff.append(".SH DESCRIPTION\n").append(escape(description)).append('\n');
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream()
                .filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            roff.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                roff.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
                        .append(escape(String.join(" ", p.description()))).append('\n');
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            roff.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                roff.append(".TP\n.B ").append(escape(String.join(", ", o.names())));
                if (o.arity().max() > 0) {
                    roff.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                roff.append('\n').append(escape(String.join(" ", o.description()))).append('\n');
            }
        }
        List<CommandLine> subs = distinct(spec.subcommands()).stream()
                .filter(c -> !c.getCommandSpec().helpCommand()).toList();
        if (!subs.isEmpty()) {
            roff.append(".SH COMMANDS\n");
            for (CommandLine c : subs) {
                roff.append(".TP\n.B ").append(escape(c.getCommandName())).append('\n')
                        .append(escape(String.join(" ", c.getCommandSpec().usageMessage().description())))
                        .append(" See \\fB").append(escape(pageName + "-" + c.getCommandName())).append("\\fR(1).\n");
            }
        }
        if (spec.parent() == null) {
            roff.append(".SH EXIT STATUS\n");
            spec.usageMessage().exitCodeList().forEach((code, meaning) -> roff.append(".TP\n.B ")
                    .append(escape(code.strip())).append('\n').append(escape(meaning)).append('\n'));
        }
        roff.append(".SH SEE ALSO\n");
        String parent = pageName.contains("-") ? pageName.substring(0, pageName.lastIndexOf('-')) : null;
        roff.append(parent != null ? "\\fB" + escape(parent) + "\\fR(1), " : "")
                .append("the README of the mailv2 project\n");
        return roff.toString();
    }

    private static String synopsis(CommandSpec spec) {
        // picocli's own synopsis, without its colours and its line wrapping.
        return spec.commandLine().getHelp().synopsis(0).replaceAll("\\s+", " ").strip();
    }

    private static String firstSentence(String description) {
        int end = description.indexOf(". ");
        String first = end < 0 ? description : description.substring(0, end + 1);
        return first.isBlank() ? "a mailv2 command" : first.replaceAll("\\.$", "");
    }

    /**
     * Text made safe for roff: backslashes doubled, a leading dot or quote neutralised (it would start a request),
     * hyphens kept as minus signs so options can be searched and copied, backquotes shown as plain quotes.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        String plain = text.replace("%n", "\n").replace("\\", "\\e").replace("-", "\\-").replace('`', '\'');
        for (String line : plain.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return out.toString();
    }
}
