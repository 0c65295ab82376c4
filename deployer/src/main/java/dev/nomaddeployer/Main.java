package dev.nomaddeployer;

import dev.nomaddeployer.config.ConfigEntry;
import dev.nomaddeployer.config.ConfigException;
import dev.nomaddeployer.config.LoadedSettings;
import dev.nomaddeployer.config.RegistryAuth;
import dev.nomaddeployer.config.Setting;
import dev.nomaddeployer.config.Settings;
import dev.nomaddeployer.config.SettingsLoader;
import dev.nomaddeployer.config.SettingsTable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code nomad-deployer [flags]} runs the service; {@code nomad-deployer history [filters] [flags]} prints the
 * deploy history from the store; {@code nomad-deployer store copy --from A --to B} moves a store. Exit codes: 0 done,
 * 1 failed while running, 2 bad configuration or usage; {@code plan} answers 1 for Nomad out of reach and for bad
 * input alike (its one question is whether it could tell).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (StoreCopyCommand.matches(args)) {
            return StoreCopyCommand.run(args, out, err);
        }
        if (PauseCommand.matches(args)) {
            return PauseCommand.run(args, out, err);
        }
        if (RetryCommand.matches(args)) {
            return RetryCommand.run(args, out, err);
        }
        if (PlanCommand.matches(args)) {
            return PlanCommand.run(args, out, err);
        }
        if (Arrays.asList(args).contains(HistoryCommand.COMMAND)) {
            return HistoryCommand.run(args, out, err);
        }
        if (args.length > 0 && args[0].equals("version")) {
            out.println("nomad-deployer " + version());
            return 0;
        }
        LoadedSettings loaded;
        try {
            loaded = SettingsLoader.load(args, System.getenv(), Path.of("").toAbsolutePath());
        } catch (ConfigException e) {
            err.println("nomad-deployer: " + e.getMessage());
            err.println("Run 'nomad-deployer --help' for the list of settings.");
            return 2;
        }
        if (loaded.helpRequested()) {
            out.println(loaded.helpText());
            out.println();
            out.println("Commands: (none) run the service | " + HistoryCommand.USAGE
                    + " print the deploy history | " + PauseCommand.USAGE + " stop or restart automation for a job | "
                    + RetryCommand.USAGE + " try a job's newest push again after a failure | "
                    + PlanCommand.USAGE + " show what a push would do, changing nothing | "
                    + StoreCopyCommand.USAGE + " move a store | version");
            return 0;
        }
        if (!loaded.remainingArgs().isEmpty()) {
            err.println("nomad-deployer: unknown command " + loaded.remainingArgs()
                    + "; commands are history, pause, resume, retry, plan, store copy and version (see --help)");
            return 2;
        }
        if (loaded.printConfigRequested()) {
            printConfig(loaded.describe(), out);
            return 0;
        }
        return serve(loaded);
    }

    private static int serve(LoadedSettings loaded) {
        Settings settings = loaded.settings();
        LogSetup.apply(settings.log().level().name().toLowerCase(Locale.ROOT),
                settings.log().format().name().toLowerCase(Locale.ROOT), secretsOf(settings));
        Logger log = LoggerFactory.getLogger(Main.class);
        // The loader's warnings already say when no config file was found, and where it looked.
        loaded.configFile().ifPresent(file -> log.info("event=config_loaded file={}", file));
        loaded.warnings().forEach(warning -> log.warn("event=config_warning detail=\"{}\"", warning));
        if (!settings.registry().auth().required()) {
            log.warn("event=callback_open detail=\"no registry.auth.token or registry.auth.username is set: anyone who can"
                    + " reach /registry/callback can make this service redeploy jobs\"");
        }
        App app;
        try {
            app = App.start(settings, Clock.systemUTC());
        } catch (Exception e) {
            log.error("event=start_failed reason=\"{}\"", e.getMessage());
            return 1;
        }
        // SIGTERM/SIGINT are a request to stop, not a failure: handle them so the exit code is 0 (a JVM
        // killed by a signal exits 143). The hook still covers any other way the JVM goes down.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> {
                log.info("event=signal name=SIG{}", signal.getName());
                stopRequested.countDown();
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        return 0;
    }

    /**
     * Every secret value the settings hold, in each form the service sends it: the log redacts them all. Which
     * keys are secret is the table's word, so a new secret key is covered without a change here; basic-auth
     * credentials also travel as base64 of {@code username:password}.
     */
    static Set<String> secretsOf(Settings settings) {
        Set<String> secrets = new HashSet<>();
        for (Setting<?> setting : SettingsTable.all()) {
            if (setting.secret() && setting.value() != null
                    && setting.value().apply(settings) instanceof Optional<?> value) {
                value.map(String::valueOf).ifPresent(secrets::add);
            }
        }
        // notification sinks are a list, not keys of their own: their URLs and secrets are named by the settings
        secrets.addAll(settings.notifications().secrets());
        secrets.addAll(settings.registry().secrets());
        settings.registry().endpoints().forEach(endpoint -> endpoint.password().ifPresent(password -> endpoint.username()
                .ifPresent(user -> secrets.add(Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))))));
        RegistryAuth auth = settings.registry().auth();
        auth.password().ifPresent(password -> auth.username().ifPresent(user -> secrets.add(Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))));
        return secrets;
    }

    private static void printConfig(List<ConfigEntry> entries, PrintStream out) {
        int width = entries.stream().mapToInt(e -> e.key().length()).max().orElse(10);
        for (ConfigEntry entry : entries) {
            out.printf("%-" + width + "s = %s  (%s)%n", entry.key(), entry.value(), entry.source());
        }
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
