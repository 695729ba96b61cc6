namespace EsmsDui.Fhir.Primitives;

/// <summary>Server time as FHIR instants are written here.</summary>
public static class ClockExtensions
{
    /// <summary>Now in UTC, cut to milliseconds: what every provider stores exactly and what meta.lastUpdated shows.</summary>
    public static DateTimeOffset UtcNowMilliseconds(this TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
