package dev.nomaddeployer.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line, parsed with picocli from a spec generated from {@link SettingsTable}: one {@code --key} per
 * setting (values kept as text and checked by {@link SettingsBinder} like any other source), plus
 * {@code -c/--config}, {@code -v/--verbose}, {@code -h/--help} and {@code --print-config}.
 */
final class CommandLineFlags {

    static final String COMMAND = "nomad-deployer";

    record Parsed(Map<String, RawValue> values, Optional<String> configFile, boolean help, boolean printConfig,
                  List<String> positional) {
    }

    private CommandLineFlags() {
    }

    static Parsed parse(String[] args) throws ConfigException {
        CommandLine commandLine = commandLine();
        ParseResult result;
        try {
            result = commandLine.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw unknownFlag(e);
        } catch (CommandLine.OverwrittenOptionException e) {
            throw new ConfigException("flag " + (e.getOverwritten() instanceof OptionSpec option ? option.longestName() : "")
                    + " is given more than once");
        } catch (CommandLine.MissingParameterException e) {
            String flags = e.getMissing().stream()
                    .map(arg -> arg instanceof OptionSpec option ? option.longestName() + " " + option.paramLabel()
                            : arg.paramLabel())
                    .reduce((a, b) -> a + ", " + b).orElse("a value");
            throw new ConfigException("flag needs a value: " + flags);
        } catch (CommandLine.ParameterException e) {
            throw new ConfigException("cannot read the command line: " + ParserMessages.redact(e.getMessage()));
        }
        Map<String, RawValue> values = new LinkedHashMap<>();
        for (Setting<?> key : SettingsTable.all()) {
            OptionSpec option = result.matchedOption(key.flag());
            if (option != null) {
                values.put(key.name(), new RawValue(text(key, option.originalStringValues()), new Source.Flag(key.flag())));
            }
        }
        if (result.hasMatchedOption("--verbose") && !values.containsKey("log.level")) {
            values.put("log.level", new RawValue("debug", new Source.Flag("--verbose")));
        }
        List<String> positional = new ArrayList<>();
        // picocli lists the positional spec once per matched argument; each holds all of its values
        result.matchedPositionals().stream().distinct().forEach(p -> positional.addAll(p.originalStringValues()));
        return new Parsed(values,
                Optional.ofNullable(result.matchedOptionValue("--config", null)),
                result.isUsageHelpRequested(),
                result.hasMatchedOption("--print-config"),
                positional);
    }

    /** The text of a flag; {@code --jobs} may be repeated, each adding repositories. */
    private static String text(Setting<?> key, List<String> texts) {
        return key == SettingsTable.JOBS_MAP ? String.join(";", texts) : texts.get(texts.size() - 1);
    }

    static String helpText() {
        return commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static ConfigException unknownFlag(CommandLine.UnmatchedArgumentException e) {
        List<String> problems = new ArrayList<>();
        for (String arg : e.getUnmatched()) {
            if (!arg.startsWith("-")) {
                continue; // a value after an unknown flag, possibly a secret: never repeated
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String bare = name.replaceFirst("^-+", "");
            problems.add("unknown flag " + name + SettingsTable.didYouMean(bare, SettingsTable.names(), "--")
                    + "; run with --help for the list of flags");
        }
        return new ConfigException(problems.isEmpty() ? List.of("unexpected arguments on the command line") : problems);
    }

    private static CommandLine commandLine() {
        CommandSpec spec = CommandSpec.create().name(COMMAND);
        spec.usageMessage()
                .description("Redeploys Nomad jobs when a Docker registry reports a pushed image.",
                        "Precedence: flags > DEPLOYER_* variables > NOMAD_* variables > config file > defaults.")
                .sortOptions(false)
                .abbreviateSynopsis(true)
                .width(110);
        spec.addOption(OptionSpec.builder("-c", "--config").paramLabel("<file>").type(String.class)
                .description("Config file (.json, .toml, .yaml, .yml, .hcl or .properties). Default: the first "
                        + "deployer.<ext> in ./, ./config/, /etc/nomad-deployer/.")
                .build());
        spec.addOption(OptionSpec.builder("-v", "--verbose").arity("0").type(boolean.class)
                .description("Same as --log.level=debug (an explicit --log.level wins).").build());
        spec.addOption(OptionSpec.builder("--print-config").arity("0").type(boolean.class)
                .description("Print every setting with its value and source (secrets masked), then exit.").build());
        spec.addOption(OptionSpec.builder("-h", "--help").arity("0").type(boolean.class).usageHelp(true)
                .description("Show this help and exit.").build());
        for (Setting<?> key : SettingsTable.all()) {
            spec.addOption(option(key));
        }
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).paramLabel("<args>").hideParamSyntax(false)
                .description("Sub-command and its arguments, if any.").build());
        CommandLine commandLine = new CommandLine(spec);
        // an @file argument must stay a plain value, not be replaced by a file's content
        commandLine.setExpandAtFiles(false);
        // settings flags go before a sub-command, whose own arguments (even --flags) are handed back untouched
        commandLine.setStopAtPositional(true);
        return commandLine;
    }

    private static OptionSpec option(Setting<?> key) {
        String defaultText = key.defaultValue().isEmpty() ? "none" : key.defaultValue();
        OptionSpec.Builder option = OptionSpec.builder(key.flag())
                .paramLabel(key.kind().label())
                .description(key.help(), "Env: " + String.join(", ", key.envVars()) + ". Default: " + defaultText + ".");
        if (key.kind() == ValueKind.BOOLEAN) {
            // boolean-typed so picocli only takes a following "true"/"false" as its value: "--flag history" keeps
            // "history" as a positional. The converter is a stand-in; the raw text is checked with the others.
            return option.type(boolean.class).arity("0..1").fallbackValue("true")
                    .converters(text -> Boolean.TRUE).build();
        }
        if (key == SettingsTable.JOBS_MAP) {
            return option.type(List.class).auxiliaryTypes(String.class).arity("1").build();
        }
        return option.type(String.class).arity("1").build();
    }
}
