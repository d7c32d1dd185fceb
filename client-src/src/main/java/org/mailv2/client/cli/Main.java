package org.mailv2.client.cli;

/** The {@code mailv2} entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(MailCli.commandLine(System.getenv()).execute(args));
    }
}
