using System.Globalization;

namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>INS matricules for tests: NIR-shaped, with their right key (the server refuses a wrong one), new on each call.</summary>
public static class TestIns
{
    // Seeded from the clock: test databases outlive a run only on a developer's machine.
    private static long _serial = DateTime.UtcNow.Ticks % 100_000_000_000;

    /// <summary>A new matricule (13 digits starting with 1 or 2, and the key).</summary>
    public static string Next() => WithKey((1_000_000_000_000L + Interlocked.Increment(ref _serial)).ToString(CultureInfo.InvariantCulture));

    /// <summary>The 13-digit number followed by its key, 97 minus the number modulo 97.</summary>
    public static string WithKey(string number) =>
        $"{number}{97 - (long.Parse(number, CultureInfo.InvariantCulture) % 97):00}";
}
