using System.Globalization;

namespace EsmsDui.Conformance.Runner;

/// <summary>The command line: <c>--base &lt;url&gt; [--preset &lt;file&gt;] [--groups 2,5] [--out &lt;folder&gt;] [--packages &lt;folder&gt;] [--timeout &lt;s&gt;]</c>.</summary>
public sealed class SuiteOptions
{
    /// <summary>The FHIR base of the server under test.</summary>
    public required Uri Base { get; init; }

    /// <summary>The preset (authentication, establishments, mailbox).</summary>
    public required Preset Preset { get; init; }

    /// <summary>The groups to run (all when empty).</summary>
    public IReadOnlySet<int> Groups { get; init; } = new HashSet<int>();

    /// <summary>The tests to run, by id (all of the selected groups when empty).</summary>
    public IReadOnlySet<string> Tests { get; init; } = new HashSet<string>();

    /// <summary>Where proofs and reports are written.</summary>
    public string Out { get; init; } = "conformance-report";

    /// <summary>The FHIR packages for the independent validation (none: those tests are skipped).</summary>
    public string? Packages { get; init; }

    /// <summary>The bound on each request.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The usage text.</summary>
    public const string Usage = "usage: EsmsDui.Conformance --base <FHIR base URL> [--preset <file.json>] [--groups 1,2,5] [--tests 2.05,5.08] [--out <folder>] [--packages <folder of .tgz>] [--timeout <seconds>]";

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> with what is wrong.</summary>
    public static SuiteOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        foreach (var unknown in values.Keys.Except(["base", "preset", "groups", "tests", "out", "packages", "timeout"]))
        {
            throw new ArgumentException($"Unknown option --{unknown}.");
        }

        var preset = values.TryGetValue("preset", out var presetPath) ? Preset.Load(presetPath) : new Preset();
        var baseText = values.GetValueOrDefault("base") ?? preset.Base ?? throw new ArgumentException("--base is required (or \"base\" in the preset).");
        if (!Uri.TryCreate(baseText.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != "http" && baseUrl.Scheme != "https"))
        {
            throw new ArgumentException($"--base '{baseText}' is not an http(s) URL.");
        }

        var groups = values.TryGetValue("groups", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(g => int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--groups: '{g}' is not a group number.")).ToHashSet()
            : [];
        var timeout = values.TryGetValue("timeout", out var seconds)
            ? int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : throw new ArgumentException("--timeout must be a number of seconds.")
            : preset.TimeoutSeconds;
        return new SuiteOptions
        {
            Base = baseUrl,
            Preset = preset,
            Groups = groups,
            Tests = values.TryGetValue("tests", out var tests) ? tests.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal) : new HashSet<string>(),
            Out = values.GetValueOrDefault("out") ?? "conformance-report",
            Packages = values.GetValueOrDefault("packages") ?? preset.Packages,
            Timeout = TimeSpan.FromSeconds(timeout),
        };
    }
}
