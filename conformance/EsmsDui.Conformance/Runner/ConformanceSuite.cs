using System.Reflection;
using EsmsDui.Conformance.Groups.Discovery;
using EsmsDui.Conformance.Groups.Identity;
using EsmsDui.Conformance.Groups.MsSante;
using EsmsDui.Conformance.Groups.Rest;
using EsmsDui.Conformance.Groups.Security;
using EsmsDui.Conformance.Groups.Tddui;
using EsmsDui.Conformance.Groups.Traceability;
using EsmsDui.Conformance.Model;

namespace EsmsDui.Conformance.Runner;

/// <summary>The suite: its version and its groups, in order.</summary>
public static class ConformanceSuite
{
    /// <summary>The suite's version (the program's informational version).</summary>
    public static string Version { get; } =
        typeof(ConformanceSuite).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Every group.</summary>
    public static IReadOnlyList<TestGroup> Groups { get; } =
    [
        DiscoveryGroup.Create(),
        RestGroup.Create(),
        IdentityGroup.Create(),
        TdduiGroup.Create(),
        SecurityGroup.Create(),
        TraceabilityGroup.Create(),
        MsSanteGroup.Create(),
    ];

    /// <summary>Every test of every group.</summary>
    public static IEnumerable<ConformanceTest> Tests => Groups.SelectMany(g => g.Tests);
}
