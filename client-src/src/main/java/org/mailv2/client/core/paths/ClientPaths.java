package org.mailv2.client.core.paths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The three base directories of one mailv2 identity, and the files the client keeps in them.
 *
 * <p>Resolution ({@link #resolve(Map, Path, String)}):
 * <ul>
 *   <li>without {@code MAILV2_HOME}: config {@code $XDG_CONFIG_HOME/mailv2} (default {@code ~/.config/mailv2}), data
 *       {@code $XDG_DATA_HOME/mailv2} (default {@code ~/.local/share/mailv2}), cache {@code $XDG_CACHE_HOME/mailv2}
 *       (default {@code ~/.cache/mailv2}). As the XDG Base Directory specification asks, an empty or relative
 *       {@code XDG_*} value is ignored and the default is used;</li>
 *   <li>with {@code MAILV2_HOME=DIR} (absolute; the XDG variables are then ignored): {@code DIR/config},
 *       {@code DIR/data}, {@code DIR/cache};</li>
 *   <li>with a profile {@code NAME} ({@code [a-z0-9][a-z0-9_-]{0,31}}): {@code profiles/NAME} inside each of the
 *       three.</li>
 * </ul>
 *
 * @param configDir where {@link #config()} lives
 * @param dataDir   where {@link #vault()} and {@link #outbox()} live
 * @param cacheDir  where {@link #cacheDb()} lives; the client may delete it at any time
 */
public record ClientPaths(Path configDir, Path dataDir, Path cacheDir) {
    /** Puts all three directories under one folder: {@code DIR/config}, {@code DIR/data}, {@code DIR/cache}. */
    public static final String HOME_VARIABLE = "MAILV2_HOME";
    private static final String APP = "mailv2";
    private static final Pattern PROFILE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** @throws IllegalArgumentException unless all three paths are absolute */
    public ClientPaths {
        configDir = absolute(configDir, "configDir");
        dataDir = absolute(dataDir, "dataDir");
        cacheDir = absolute(cacheDir, "cacheDir");
    }

    /**
     * The directories of the default identity (no profile).
     *
     * @throws IllegalArgumentException when {@code home} or {@code MAILV2_HOME} is not an absolute path
     */
    public static ClientPaths resolve(Map<String, String> env, Path home) {
        return resolve(env, home, null);
    }

    /**
     * @param env     the process environment, e.g. {@code System.getenv()}
     * @param home    the user's home directory, e.g. {@code Path.of(System.getProperty("user.home"))}
     * @param profile a profile name, or {@code null} for the default identity
     * @throws IllegalArgumentException when the profile name is invalid, or {@code home} or {@code MAILV2_HOME} is not
     *                                  an absolute path
     */
    public static ClientPaths resolve(Map<String, String> env, Path home, String profile) {
        Objects.requireNonNull(env, "env");
        absolute(home, "home directory");
        String name = profile == null ? null : requireValidProfile(profile);
        String root = nonEmpty(env.get(HOME_VARIABLE));
        ClientPaths base = root != null ? under(homeVariable(root)) : new ClientPaths(
                xdg(env, "XDG_CONFIG_HOME", home, ".config").resolve(APP),
                xdg(env, "XDG_DATA_HOME", home, ".local/share").resolve(APP),
                xdg(env, "XDG_CACHE_HOME", home, ".cache").resolve(APP));
        return name == null ? base : base.inProfile(name);
    }

    /**
     * All three directories under one folder, as {@code MAILV2_HOME} does; handy for tests.
     *
     * @throws IllegalArgumentException unless {@code root} is absolute
     */
    public static ClientPaths under(Path root) {
        Path dir = absolute(root, "root");
        return new ClientPaths(dir.resolve("config"), dir.resolve("data"), dir.resolve("cache"));
    }

    /** Whether {@code name} is a valid profile name: {@code [a-z0-9][a-z0-9_-]{0,31}}. */
    public static boolean isValidProfile(String name) {
        return name != null && PROFILE.matcher(name).matches();
    }

    /**
     * @return {@code name}
     * @throws IllegalArgumentException unless {@link #isValidProfile(String)}
     */
    public static String requireValidProfile(String name) {
        if (!isValidProfile(name)) {
            throw new IllegalArgumentException("a profile name has 1 to 32 characters from a-z, 0-9, '_' and '-',"
                    + " and starts with a letter or digit");
        }
        return name;
    }

    /** The encrypted vault: {@code data/vault.mv2}. */
    public Path vault() {
        return dataDir.resolve("vault.mv2");
    }

    /** The local cache database: {@code cache/cache.db}. */
    public Path cacheDb() {
        return cacheDir.resolve("cache.db");
    }

    /** The folder of messages waiting to be sent: {@code data/outbox/}. */
    public Path outbox() {
        return dataDir.resolve("outbox");
    }

    /** The configuration file: {@code config/config.yml}. */
    public Path config() {
        return configDir.resolve("config.yml");
    }

    /**
     * Creates the config, data, cache and outbox directories (and missing parents). Where the file system is POSIX,
     * directories it creates get mode 0700, and the four directories themselves are set to 0700 even if they existed.
     *
     * @return this
     * @throws IOException when a directory cannot be created or its permissions cannot be set (for example a path
     *                     that exists as a file, or a directory owned by another user)
     */
    public ClientPaths ensureCreated() throws IOException {
        for (Path dir : List.of(configDir, dataDir, cacheDir, outbox())) {
            if (isPosix(dir)) {
                Files.createDirectories(dir, ownerOnly());
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            } else {
                Files.createDirectories(dir);
            }
        }
        return this;
    }

    private ClientPaths inProfile(String name) {
        return new ClientPaths(configDir.resolve("profiles").resolve(name), dataDir.resolve("profiles").resolve(name),
                cacheDir.resolve("profiles").resolve(name));
    }

    private static Path homeVariable(String value) {
        Path dir = Path.of(value);
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException(HOME_VARIABLE + " must be an absolute path, not '" + value + "'");
        }
        return dir;
    }

    private static Path xdg(Map<String, String> env, String variable, Path home, String fallback) {
        String value = nonEmpty(env.get(variable));
        if (value != null) {
            try {
                Path dir = Path.of(value);
                if (dir.isAbsolute()) {
                    return dir;
                }
            } catch (InvalidPathException e) {
                // the XDG specification says to ignore an invalid value, as a relative one
            }
        }
        return home.resolve(fallback);
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Path absolute(Path path, String what) {
        Objects.requireNonNull(path, what);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException(what + " must be an absolute path, not '" + path + "'");
        }
        return path.normalize();
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    }
}
